// The log of one tgcf instance: numbers lines, keeps the newest in memory, writes all to disk, tells subscribers.
import { type LineSplitterOptions, LineSplitter, MAX_LINE_BYTES } from "./line-splitter";
import { pieceEnd, utf8Length } from "./line-cutter";
import { RotatingLogFile } from "./log-file";
import { type LogLine, type LogStream, toSingleLine } from "./log-line";
import { type LogSearchOptions, searchLogLines } from "./log-search";
import { readTail } from "./log-tail";
import { DEFAULT_RING_CAPACITY, SeqRingBuffer } from "./ring-buffer";
import { SeqReservation } from "./seq-reservation";
import { notifyAll } from "../../utils/notify-all";

export type { LogLine, LogStream } from "./log-line";
export type { LogSearchOptions } from "./log-search";

/** Ends a line given to append() that was cut to MAX_LINE_BYTES. */
export const TRUNCATION_MARKER = " …[truncated]";

export interface LogHubOptions {
  logDir: string;
  /** Lines kept in memory; default DEFAULT_RING_CAPACITY (5,000). */
  ringSize?: number;
  /** Default MAX_LOG_FILE_BYTES (10 MiB). */
  maxFileBytes?: number;
  /** Files kept, the current one included; default KEEP_LOG_FILES (5). */
  keepFiles?: number;
  /** For the stream sinks' line splitters (tests pass fake timers). */
  splitter?: LineSplitterOptions;
  /** Told about failed log file writes; default console.error. */
  onFileError?: (error: Error) => void;
}

export interface LogSince {
  /** Lines with a greater seq than asked for that are still in memory, oldest first. */
  lines: LogLine[];
  /** Lines after the asked seq that are no longer in memory (inclusive range), or null. */
  gap: { from: number; to: number } | null;
}

/** Where a child's stdout or stderr bytes go. */
export interface LogStreamSink {
  write(chunk: Uint8Array): void;
  /** Emits the last partial line; later writes throw. */
  end(): void;
}

export type LogSubscriber = (line: LogLine) => void;

function limitLength(line: string): string {
  if (line.length * 3 <= MAX_LINE_BYTES || utf8Length(line) <= MAX_LINE_BYTES) return line;
  return line.slice(0, pieceEnd(line, MAX_LINE_BYTES - utf8Length(TRUNCATION_MARKER))) + TRUNCATION_MARKER;
}

export class LogHub {
  private readonly ring: SeqRingBuffer<LogLine>;
  private readonly file: RotatingLogFile;
  private readonly splitterOptions: LineSplitterOptions | undefined;
  /** Replaced, never mutated, so a (un)subscribe during a notification cannot disturb it. */
  private subscribers: readonly LogSubscriber[] = [];
  private readonly openSinks = new Set<LogStreamSink>();
  private readonly reservation: SeqReservation;
  private seq = 0;
  private closed = false;
  private tsMillis = -1;
  private tsText = "";

  /** A hub starting at seq 1 with an empty memory; use LogHub.open to continue an existing log. */
  constructor(options: LogHubOptions) {
    this.ring = new SeqRingBuffer<LogLine>(options.ringSize ?? DEFAULT_RING_CAPACITY);
    this.file = new RotatingLogFile({
      dir: options.logDir,
      maxFileBytes: options.maxFileBytes,
      keepFiles: options.keepFiles,
      onError: options.onFileError,
    });
    this.splitterOptions = options.splitter;
    this.reservation = new SeqReservation(options.logDir);
  }

  /** A hub whose memory and seq counter continue from the log files in `logDir`. */
  static async open(options: LogHubOptions): Promise<LogHub> {
    const hub = new LogHub(options);
    for (const line of readTail(options.logDir, hub.ring.capacity, options.keepFiles)) hub.ring.push(line);
    hub.seq = Math.max(hub.ring.newest()?.seq ?? 0, hub.reservation.highWater);
    return hub;
  }

  /** Seq of the newest line; 0 before the first. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Numbers and stores one line (line breaks replaced, cut to MAX_LINE_BYTES), then tells the subscribers. */
  append(stream: LogStream, line: string): LogLine {
    if (this.closed) throw new Error("the log is closed");
    this.reservation.cover(this.seq + 1);
    const logLine: LogLine = { seq: ++this.seq, ts: this.timestamp(), stream, line: limitLength(toSingleLine(line)) };
    this.ring.push(logLine);
    this.file.write(logLine);
    notifyAll(this.subscribers, logLine, "a log subscriber");
    return logLine;
  }

  /** A message from the server itself (start, stop, exit code...). */
  system(text: string): LogLine {
    return this.append("system", text);
  }

  /** A sink for the bytes of a child's stdout or stderr, split into lines appended to this log. */
  createStreamSink(stream: "stdout" | "stderr"): LogStreamSink {
    const splitter = new LineSplitter((line) => this.append(stream, line), this.splitterOptions);
    let ended = false;
    const sink: LogStreamSink = {
      write: (chunk) => {
        if (ended) throw new Error(`the ${stream} log sink was written after its end`);
        splitter.push(chunk);
      },
      end: () => {
        if (ended) return;
        ended = true;
        this.openSinks.delete(sink);
        splitter.flush();
      },
    };
    this.openSinks.add(sink);
    return sink;
  }

  /** The newest `n` lines in memory, oldest first. */
  tail(n: number): LogLine[] {
    return this.ring.last(n);
  }

  /** What a reader who has seen up to `seq` missed: the lines still in memory, and the gap before them. */
  since(seq: number): LogSince {
    const after = Number.isFinite(seq) ? Math.max(0, Math.floor(seq)) : 0;
    const lines = this.ring.since(after);
    const oldestKept = this.ring.oldest()?.seq ?? this.seq + 1;
    const gap = after + 1 < oldestKept ? { from: after + 1, to: oldestKept - 1 } : null;
    return { lines, gap };
  }

  /**
   * Calls `subscriber` synchronously with every line appended from now on; returns the
   * unsubscribe function. since() then subscribe() in the same tick misses and repeats nothing.
   */
  subscribe(subscriber: LogSubscriber): () => void {
    this.subscribers = [...this.subscribers, subscriber];
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      const remaining = [...this.subscribers];
      remaining.splice(remaining.indexOf(subscriber), 1);
      this.subscribers = remaining;
    };
  }

  /** The newest lines in memory matching a text (ANSI codes ignored), oldest first; ApiError 400 for a too long query. */
  search(options: LogSearchOptions): LogLine[] {
    return searchLogLines(this.ring, options);
  }

  /** The log files on disk, oldest first (flush() first for a complete download). */
  logFilePaths(): string[] {
    return this.file.paths();
  }

  /** Resolves once every line appended so far is on disk. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Ends the open sinks (emitting their partial lines), writes everything out; appending afterwards throws. */
  async close(): Promise<void> {
    for (const sink of [...this.openSinks]) sink.end();
    this.closed = true;
    await this.file.close();
    this.reservation.release(this.seq);
  }

  // Lines come in bursts within one millisecond: format the timestamp once per millisecond.
  private timestamp(): string {
    const now = Date.now();
    if (now !== this.tsMillis) {
      this.tsMillis = now;
      this.tsText = new Date(now).toISOString();
    }
    return this.tsText;
  }
}
