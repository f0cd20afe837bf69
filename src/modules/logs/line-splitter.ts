// Turns the raw byte chunks of a child's pipe into complete text lines (the hot path of logging).
import { trimLineEnd } from "./ansi";
import { cutLine, utf8Length } from "./line-cutter";

/** A line without newline is emitted after this much silence (a prompt, a progress bar). */
export const PARTIAL_LINE_IDLE_MS = 100;
/** Longest line emitted, in UTF-8 bytes; longer lines are cut into marked pieces. */
export const MAX_LINE_BYTES = 16 * 1024;
/** Ends every piece of a cut line except the last; counted within MAX_LINE_BYTES. */
export const CONTINUATION_MARKER = " ↩";

/** The timer functions the splitter uses; tests pass a fake clock. */
export interface SplitterTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LineSplitterOptions {
  /** Default PARTIAL_LINE_IDLE_MS. */
  idleMs?: number;
  /** Default MAX_LINE_BYTES. */
  maxLineBytes?: number;
  /** Default: the global setTimeout/clearTimeout. */
  timers?: SplitterTimers;
}

const realTimers: SplitterTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

// Below this many UTF-16 units a line cannot exceed the byte limit (a unit is at most 3 UTF-8 bytes).
const UTF8_BYTES_PER_UNIT_MAX = 3;

/**
 * Streaming UTF-8 line splitter. Lines end at \n (a trailing \r is dropped), lose trailing
 * blanks (see trimLineEnd), and invalid bytes become U+FFFD. A line over `maxLineBytes` is
 * emitted as pieces, each but the last ending with CONTINUATION_MARKER.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder("utf-8", { fatal: false });
  private readonly idleMs: number;
  private readonly maxLineBytes: number;
  private readonly timers: SplitterTimers;
  private readonly shortLineUnits: number;
  private pending = "";
  private pendingBytes = 0;
  private idleTimer: unknown = undefined;
  /** The pending text went out on idle; a newline arriving next only ends that line. */
  private partialEmitted = false;

  constructor(
    private readonly onLine: (line: string) => void,
    options: LineSplitterOptions = {},
  ) {
    this.idleMs = options.idleMs ?? PARTIAL_LINE_IDLE_MS;
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.timers = options.timers ?? realTimers;
    this.shortLineUnits = Math.floor(this.maxLineBytes / UTF8_BYTES_PER_UNIT_MAX);
  }

  /** Feeds one chunk of bytes; emits every line it completes. */
  push(chunk: Uint8Array): void {
    this.consume(this.decoder.decode(chunk, { stream: true }));
  }

  /** End of input: emits the partial line, if any (an incomplete character becomes U+FFFD). */
  flush(): void {
    this.consume(this.decoder.decode());
    this.cancelIdleTimer();
    if (this.partialEmitted && this.pending === "\r") this.pending = "";
    if (this.pending !== "") this.emitPending();
    this.partialEmitted = false;
  }

  private consume(text: string): void {
    if (text === "") return;
    let start = 0;
    let newline = text.indexOf("\n");
    if (newline !== -1) {
      const first = this.pending + text.slice(0, newline);
      // After an idle emission, the newline (or CRLF) that finally arrives only ends that line.
      if (!this.partialEmitted || (first !== "" && first !== "\r")) this.emitLine(first);
      this.partialEmitted = false;
      this.pending = "";
      this.pendingBytes = 0;
      start = newline + 1;
      while ((newline = text.indexOf("\n", start)) !== -1) {
        this.emitLine(text.slice(start, newline));
        start = newline + 1;
      }
    }
    if (start < text.length) {
      const rest = start === 0 ? text : text.slice(start);
      this.pending += rest;
      this.pendingBytes += utf8Length(rest);
      if (this.pending !== "\r") this.partialEmitted = false;
      if (this.pendingBytes > this.maxLineBytes) {
        // Cut now rather than hold an endless line in memory.
        this.pending = cutLine(this.pending, this.maxLineBytes, CONTINUATION_MARKER, this.onLine, true);
        this.pendingBytes = utf8Length(this.pending);
      }
    }
    this.armIdleTimer();
  }

  private emitLine(raw: string): void {
    const line = trimLineEnd(raw.charCodeAt(raw.length - 1) === 0x0d ? raw.slice(0, -1) : raw);
    if (line.length <= this.shortLineUnits) this.onLine(line);
    else cutLine(line, this.maxLineBytes, CONTINUATION_MARKER, this.onLine, false);
  }

  private emitPending(): void {
    const partial = this.pending;
    this.pending = "";
    this.pendingBytes = 0;
    this.emitLine(partial);
  }

  private armIdleTimer(): void {
    this.cancelIdleTimer();
    if (this.pending === "") return;
    this.idleTimer = this.timers.setTimeout(() => {
      this.idleTimer = undefined;
      if (this.pending === "" || (this.partialEmitted && this.pending === "\r")) return;
      this.emitPending();
      this.partialEmitted = true;
    }, this.idleMs);
  }

  private cancelIdleTimer(): void {
    if (this.idleTimer === undefined) return;
    this.timers.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
