// The on-disk log of one tgcf instance: <dir>/tgcf.log, rotated by size, appended in batches.
import { existsSync, mkdirSync, openSync, readSync, closeSync, statSync, write } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { utf8Length } from "./line-cutter";
import { formatLogRecord, type LogLine } from "./log-line";

export const LOG_FILE_NAME = "tgcf.log";
/** The current file is rotated before a record would take it past this size. */
export const MAX_LOG_FILE_BYTES = 10 * 1024 * 1024;
/** Files kept in all, the current one included: tgcf.log, tgcf.log.1 (newest rotated) … tgcf.log.4. */
export const KEEP_LOG_FILES = 5;
/** Queued records are written at once when they reach this size... */
export const WRITE_BATCH_BYTES = 64 * 1024;
/** ...or this long after the first of them was queued: one write per interval while lines trickle in. */
export const WRITE_INTERVAL_MS = 100;
/** Records beyond this much unwritten data are dropped (and counted in the file) rather than held in memory. */
export const MAX_UNWRITTEN_BYTES = 8 * 1024 * 1024;

/** Path of the current file (index 0) or of rotated file `index` (1 = newest rotated). */
export function logFilePath(dir: string, index: number): string {
  return index === 0 ? join(dir, LOG_FILE_NAME) : join(dir, `${LOG_FILE_NAME}.${index}`);
}

/** The log files that exist, oldest first (the current file last): the order to concatenate for a download. */
export function existingLogFiles(dir: string, keepFiles = KEEP_LOG_FILES): string[] {
  const paths: string[] = [];
  for (let index = keepFiles - 1; index >= 0; index--) {
    const path = logFilePath(dir, index);
    if (existsSync(path)) paths.push(path);
  }
  return paths;
}

export interface RotatingLogFileOptions {
  dir: string;
  /** Default MAX_LOG_FILE_BYTES. */
  maxFileBytes?: number;
  /** Default KEEP_LOG_FILES (at least 1). */
  keepFiles?: number;
  /** Told about failed writes and rotations; writing goes on. Default: console.error. */
  onError?: (error: Error) => void;
}

/** Records bound for one file; `rotateBefore` rotates the files before writing them. */
interface Segment {
  records: string[];
  bytes: number;
  rotateBefore: boolean;
}

function endsWithoutNewline(path: string, size: number): boolean {
  if (size === 0) return false;
  const fd = openSync(path, "r");
  try {
    const last = new Uint8Array(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** Writes all of `text` to `fd` off the event loop (write(2) may write less than asked). */
async function writeAll(fd: number, text: string): Promise<void> {
  let bytes = Buffer.from(text);
  while (bytes.length > 0) {
    const written = await new Promise<number>((resolve, reject) => write(fd, bytes, (error, count) => (error ? reject(error) : resolve(count))));
    bytes = bytes.subarray(written);
  }
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/**
 * Appends log records to `<dir>/tgcf.log`, one `formatLogRecord` line each, through one open file with one
 * write per batch (WRITE_BATCH_BYTES or WRITE_INTERVAL_MS), rotating before the file would exceed `maxFileBytes`.
 */
export class RotatingLogFile {
  readonly dir: string;
  readonly path: string;
  private readonly maxFileBytes: number;
  private readonly keepFiles: number;
  private readonly onError: (error: Error) => void;
  private segments: Segment[] = [];
  /** Size the current file will have once everything queued is written. */
  private projectedBytes: number;
  private unwrittenBytes = 0;
  private droppedRecords = 0;
  private draining: Promise<void> | null = null;
  private drainScheduled = false;
  private closed = false;
  /** The current file, kept open between writes (a plain fd: no FileHandle to leak to the GC). */
  private fd: number | null = null;

  constructor(options: RotatingLogFileOptions) {
    this.dir = options.dir;
    this.path = logFilePath(this.dir, 0);
    this.maxFileBytes = options.maxFileBytes ?? MAX_LOG_FILE_BYTES;
    this.keepFiles = Math.max(1, options.keepFiles ?? KEEP_LOG_FILES);
    this.onError = options.onError ?? ((error) => console.error(error.message));
    mkdirSync(this.dir, { recursive: true });
    this.projectedBytes = existsSync(this.path) ? statSync(this.path).size : 0;
    // A crash may have cut the last record short; start ours on a line of their own.
    if (endsWithoutNewline(this.path, this.projectedBytes)) this.enqueue("\n", 1);
  }

  /** Queues one record; it reaches the disk within the tick or with flush(). */
  write(line: LogLine): void {
    if (this.closed) throw new Error(`log file ${this.path} is closed`);
    const record = formatLogRecord(line);
    const bytes = utf8Length(record);
    if (this.unwrittenBytes + bytes > MAX_UNWRITTEN_BYTES) {
      this.droppedRecords++;
      return;
    }
    this.noteDroppedRecords();
    this.enqueue(record, bytes);
    if (this.unwrittenBytes >= WRITE_BATCH_BYTES) void this.drain();
    else this.scheduleDrain();
  }

  /** Resolves once every record written so far is on disk (or reported to onError). */
  async flush(): Promise<void> {
    this.noteDroppedRecords();
    while (this.unwrittenBytes > 0 || this.draining !== null) await this.drain();
  }

  /** Flushes and closes the file; later writes throw. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.closeFile();
  }

  /** The files of this log that exist, oldest first. */
  paths(): string[] {
    return existingLogFiles(this.dir, this.keepFiles);
  }

  /** Leaves a non-record line in the file where records were dropped (readTail skips it). */
  private noteDroppedRecords(): void {
    if (this.droppedRecords === 0) return;
    const notice = `# ${this.droppedRecords} log lines not written here: the disk did not keep up\n`;
    this.droppedRecords = 0;
    this.enqueue(notice, utf8Length(notice));
  }

  private enqueue(record: string, bytes: number): void {
    let segment = this.segments[this.segments.length - 1];
    if (this.projectedBytes > 0 && this.projectedBytes + bytes > this.maxFileBytes) {
      segment = { records: [], bytes: 0, rotateBefore: true };
      this.segments.push(segment);
      this.projectedBytes = 0;
    } else if (segment === undefined) {
      segment = { records: [], bytes: 0, rotateBefore: false };
      this.segments.push(segment);
    }
    segment.records.push(record);
    segment.bytes += bytes;
    this.projectedBytes += bytes;
    this.unwrittenBytes += bytes;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.draining !== null) return;
    this.drainScheduled = true;
    setTimeout(() => {
      this.drainScheduled = false;
      void this.drain();
    }, WRITE_INTERVAL_MS);
  }

  private drain(): Promise<void> {
    if (this.draining === null && this.unwrittenBytes > 0) this.draining = this.writeSegments();
    return this.draining ?? Promise.resolve();
  }

  // Only ever called with something queued, so it awaits before its finally clears `draining`.
  private async writeSegments(): Promise<void> {
    try {
      let segment: Segment | undefined;
      while ((segment = this.segments.shift()) !== undefined) {
        if (segment.rotateBefore) await this.rotate();
        if (segment.records.length > 0) await this.append(segment.records.join(""));
        this.unwrittenBytes -= segment.bytes;
      }
    } finally {
      this.draining = null;
    }
  }

  private async append(text: string): Promise<void> {
    try {
      this.fd ??= openSync(this.path, "a");
      await writeAll(this.fd, text);
    } catch (error) {
      // Reopen next time: the file may have been removed or its disk remounted.
      this.closeFile();
      this.onError(new Error(`writing the log file ${this.path} failed: ${(error as Error).message}`));
    }
  }

  private closeFile(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    try {
      closeSync(fd);
    } catch {
      // Already gone: nothing left to release.
    }
  }

  private async rotate(): Promise<void> {
    this.closeFile();
    try {
      if (this.keepFiles === 1) {
        await rm(this.path, { force: true });
        return;
      }
      for (let index = this.keepFiles - 2; index >= 0; index--) {
        await rename(logFilePath(this.dir, index), logFilePath(this.dir, index + 1)).catch((error: unknown) => {
          if (!isMissingFile(error)) throw error;
        });
      }
    } catch (error) {
      this.onError(new Error(`rotating the log file ${this.path} failed: ${(error as Error).message}`));
    }
  }
}
