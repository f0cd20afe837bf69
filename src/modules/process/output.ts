// Where tgcf's output goes: the pipes are always read to the end, into a sink (the log hub) and a short tail.

export type StreamName = "stdout" | "stderr";

/** Receives the raw bytes of one stream of one run. */
export interface StreamSink {
  write(chunk: Uint8Array): void;
  /** The stream reached its end (the run is over); flush any partial line. */
  end(): void;
}

/** Implemented by the log hub; a recording fake in tests. */
export interface OutputSink {
  /** Called once per stream per run. */
  createStreamSink(stream: StreamName): StreamSink;
  /** A line from the supervisor itself ("started pid 42 in live mode (by admin)"). */
  system(text: string): void;
}

/** How many of tgcf's last lines are kept to explain why it failed. */
export const RECENT_LINES_KEPT = 20;
/** Longer lines are cut in that tail (the sink still gets every byte). */
const RECENT_LINE_MAX_CHARS = 500;
const TERMINAL_CODES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** The last RECENT_LINES_KEPT non-blank lines of both streams, without colours or links. */
const NEWLINE = 0x0a;

function hasText(bytes: Uint8Array, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (bytes[index]! > 0x20) return true;
  return false;
}

export class RecentLines {
  private readonly lines: string[] = [];
  private readonly partial: Record<StreamName, string> = { stdout: "", stderr: "" };
  private decoders: Record<StreamName, TextDecoder> = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  push(stream: StreamName, chunk: Uint8Array): void {
    chunk = this.skipLinesThatCannotSurvive(stream, chunk);
    const pieces = (this.partial[stream] + this.decoders[stream].decode(chunk, { stream: true })).split("\n");
    // Bounded even when a flood never ends its line.
    this.partial[stream] = pieces.pop()!.slice(0, RECENT_LINE_MAX_CHARS);
    for (const piece of pieces) this.add(piece);
  }

  end(stream: StreamName): void {
    this.add(this.partial[stream] + this.decoders[stream].decode());
    this.partial[stream] = "";
  }

  snapshot(): string[] {
    return [...this.lines];
  }

  // Only a chunk's last lines can be kept, so a flood's earlier lines are never decoded. Lines that look blank as
  // bytes do not count; twice the number kept leaves room for lines that are blank only once codes are stripped.
  private skipLinesThatCannotSurvive(stream: StreamName, chunk: Uint8Array): Uint8Array {
    let end = chunk.length;
    let textLines = 0;
    while (textLines <= 2 * RECENT_LINES_KEPT && end > 0) {
      const start = chunk.lastIndexOf(NEWLINE, end - 1);
      if (start < 0) return chunk;
      if (hasText(chunk, start + 1, end)) textLines++;
      end = start;
    }
    if (textLines <= 2 * RECENT_LINES_KEPT) return chunk;
    this.partial[stream] = "";
    this.decoders[stream] = new TextDecoder();
    return chunk.subarray(end + 1);
  }

  private add(raw: string): void {
    const line = raw.replace(TERMINAL_CODES, "").trimEnd().slice(0, RECENT_LINE_MAX_CHARS);
    if (line.trim() === "") return;
    this.lines.push(line);
    if (this.lines.length > RECENT_LINES_KEPT) this.lines.shift();
  }
}

/**
 * Reads `stream` to its end, handing every chunk to `sink` and `recent`. A sink that throws is
 * reported once and bypassed: the pipe must keep draining or tgcf blocks on its next write.
 */
export async function drainStream(
  stream: ReadableStream<Uint8Array>,
  name: StreamName,
  sink: StreamSink,
  recent: RecentLines,
): Promise<void> {
  let sinkFailed = false;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      recent.push(name, value);
      if (sinkFailed) continue;
      try {
        sink.write(value);
      } catch (error) {
        sinkFailed = true;
        console.error(`tgcf ${name} sink failed; output of this run is no longer recorded:`, error);
      }
    }
  } finally {
    reader.releaseLock();
    recent.end(name);
    if (!sinkFailed) sink.end();
  }
}
