// The lines the browser keeps: in seq order, without duplicates, the newest `capacity` only.
import type { LogEntry } from "./log-types.ts";

export const DEFAULT_LOG_BUFFER_LINES = 5_000;
/** Old lines are dropped in chunks of this many, not one by one, so a fast stream does not shift the array per line. */
const TRIM_CHUNK_LINES = 500;

export class LogBuffer {
  private entries: LogEntry[] = [];
  private newestSeq = 0;

  constructor(private readonly capacity = DEFAULT_LOG_BUFFER_LINES) {}

  /** Adds the lines newer than any seen so far and returns them (a resumed stream may repeat lines). */
  append(incoming: readonly LogEntry[]): LogEntry[] {
    const accepted: LogEntry[] = [];
    for (const entry of incoming) {
      if (entry.seq <= this.newestSeq) continue;
      this.newestSeq = entry.seq;
      accepted.push(entry);
    }
    if (accepted.length === 0) return accepted;
    this.entries.push(...accepted);
    if (this.entries.length >= this.capacity + TRIM_CHUNK_LINES) this.entries.splice(0, this.entries.length - this.capacity);
    return accepted;
  }

  /** The seq of the newest line ever accepted (0 before any), for `?since=`. */
  get lastSeq(): number {
    return this.newestSeq;
  }

  /** The newest `capacity` lines, oldest first. */
  all(): readonly LogEntry[] {
    return this.entries.length > this.capacity ? this.entries.slice(-this.capacity) : this.entries;
  }
}
