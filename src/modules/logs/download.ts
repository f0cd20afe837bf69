// Streams the log files one after another, optionally without ANSI codes, never holding a whole file in memory.
import { stripAnsi } from "./ansi";

export function logDownloadStream(paths: string[], keepAnsi: boolean): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  let reader: ReadableStreamDefaultReader<string> | null = null;
  let carry = "";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!reader) {
          const path = paths[index++];
          if (path === undefined) {
            if (carry) controller.enqueue(encoder.encode(keepAnsi ? carry : stripAnsi(carry)));
            controller.close();
            return;
          }
          const file = Bun.file(path);
          if (!(await file.exists())) continue;
          reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
        }
        const { done, value } = await reader.read();
        if (done) {
          reader = null;
          continue;
        }
        // Strip per whole line so an escape sequence split across chunks is still recognised.
        const text = carry + value;
        const cut = text.lastIndexOf("\n") + 1;
        carry = text.slice(cut);
        const complete = text.slice(0, cut);
        if (complete) {
          controller.enqueue(encoder.encode(keepAnsi ? complete : stripAnsi(complete)));
          return;
        }
      }
    },
    cancel() {
      void reader?.cancel();
    },
  });
}
