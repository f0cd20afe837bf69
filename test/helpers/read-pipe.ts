/** Feeds every chunk of a child's pipe to `write`, to its end. */
export async function readPipe(stream: ReadableStream<Uint8Array>, write: (chunk: Uint8Array) => void): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    write(value);
  }
}
