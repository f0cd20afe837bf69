// The on-disk log of one tgcf instance: <dir>/tgcf.log, rotated by size, appended in batches.
import { closeSync, constants, fstatSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ensureRealDir, openNoFollowSync, pathKind, realDirExists, RefusedPathError } from "../../utils/safe-fs";
import { utf8Length } from "./line-cutter";
import { formatLogRecord, type LogLine } from "./log-line";

/** The log's directory inside the data dir. */
export const LOG_DIR_NAME = "logs";
export const LOG_FILE_NAME = "tgcf.log";
/** tgcf's output can name chats and users: readable by the server's user only. */
export const LOG_FILE_MODE = 0o600;
export const LOG_DIR_MODE = 0o700;
/** The current file is rotated before a record would take it past this size. */
export const MAX_LOG_FILE_BYTES = 10 * 1024 * 1024;
/** Files kept in all, the current one included: tgcf.log, tgcf.log.1 (newest rotated) … tgcf.log.4. */
export const KEEP_LOG_FILES = 5;
/** Queued records are written at once when they reach this size... */
export const WRITE_BATCH_BYTES = 64 * 1024;
/** ...or this long after the first of them was queued: one write per interval while lines trickle in. */
export const WRITE_INTERVAL_MS = 100;
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

/** Path of the current file (index 0) or of rotated file `index` (1 = newest rotated). */
export function logFilePath(dir: string, index: number): string {
  return index === 0 ? join(dir, LOG_FILE_NAME) : join(dir, `${LOG_FILE_NAME}.${index}`);
}

function refuse(error: RefusedPathError): never {
  throw error;
}

/**
 * The log files that exist, oldest first (the current file last): the order to concatenate for a download.
 * A symbolic link (or anything but a file) among them, or in place of `dir`, is left out and given to `onRefused`,
 * which by default throws it.
 */
export function existingLogFiles(dir: string, keepFiles = KEEP_LOG_FILES, onRefused: (error: RefusedPathError) => void = refuse): string[] {
  try {
    if (!realDirExists(dir)) return [];
  } catch (error) {
    if (!(error instanceof RefusedPathError)) throw error;
    onRefused(error);
    return [];
  }
  const paths: string[] = [];
  for (let index = keepFiles - 1; index >= 0; index--) {
    const path = logFilePath(dir, index);
    const kind = pathKind(path);
    if (kind === "file") paths.push(path);
    else if (kind !== "missing") onRefused(new RefusedPathError(path, kind === "symlink" ? "symlink" : "not-file"));
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

/** The size of the current file, and whether a crash cut its last record short. */
function currentFileState(path: string): { size: number; endsWithoutNewline: boolean } {
  if (pathKind(path) === "missing") return { size: 0, endsWithoutNewline: false };
  const fd = openNoFollowSync(path, constants.O_RDONLY);
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { size, endsWithoutNewline: false };
    const last = new Uint8Array(1);
    readSync(fd, last, 0, 1, size - 1);
    return { size, endsWithoutNewline: last[0] !== 0x0a };
  } finally {
    closeSync(fd);
  }
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}

/**
 * Appends log records to `<dir>/tgcf.log`, one `formatLogRecord` line each. Records are encoded into one
 * preallocated buffer that goes to the open file in a single write(2) when it fills (WRITE_BATCH_BYTES) or
 * WRITE_INTERVAL_MS after its first record: a flood of lines costs a write per 64 KiB and no garbage beyond the
 * record strings. Writes are synchronous: a page-cache write of 64 KiB takes microseconds, and a disk that cannot
 * keep up then slows the reading of tgcf's pipe instead of filling memory. Files rotate before passing `maxFileBytes`.
 *
 * tgcf runs in the same data dir as the same user, so it could replace the log dir or a log file by a symbolic link.
 * None is followed. At construction one is refused with RefusedPathError, so the server does not start until it is
 * removed (the message names it): that is before anything reads the files back. One made later fails the writes to
 * it, told to onError while the log goes on in memory, and is left out of paths() (told to onError too).
 */
export class RotatingLogFile {
  readonly dir: string;
  readonly path: string;
  private readonly maxFileBytes: number;
  private readonly keepFiles: number;
  private readonly onError: (error: Error) => void;
  private readonly batch = Buffer.allocUnsafe(WRITE_BATCH_BYTES);
  private batchBytes = 0;
  /** Size of the current file on disk. */
  private fileBytes: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** The current file, kept open between writes (a plain fd: no FileHandle to leak to the GC). */
  private fd: number | null = null;

  constructor(options: RotatingLogFileOptions) {
    this.dir = options.dir;
    this.path = logFilePath(this.dir, 0);
    this.maxFileBytes = options.maxFileBytes ?? MAX_LOG_FILE_BYTES;
    this.keepFiles = Math.max(1, options.keepFiles ?? KEEP_LOG_FILES);
    this.onError = options.onError ?? ((error) => console.error(error.message));
    ensureRealDir(this.dir, LOG_DIR_MODE);
    existingLogFiles(this.dir, this.keepFiles);
    const current = currentFileState(this.path);
    this.fileBytes = current.size;
    // A crash may have cut the last record short; start ours on a line of their own.
    if (current.endsWithoutNewline) this.append("\n");
  }

  /** Queues one record; it reaches the disk within WRITE_INTERVAL_MS or with flush(). */
  write(line: LogLine): void {
    if (this.closed) throw new Error(`log file ${this.path} is closed`);
    this.append(formatLogRecord(line));
  }

  /** Writes what is queued. */
  async flush(): Promise<void> {
    this.writeBatch();
  }

  /** Flushes and closes the file; later writes throw. */
  async close(): Promise<void> {
    this.closed = true;
    this.writeBatch();
    this.closeFile();
  }

  /** The files of this log that exist, oldest first; links are left out and told to onError. */
  paths(): string[] {
    return existingLogFiles(this.dir, this.keepFiles, (error) => this.onError(error));
  }

  private append(record: string): void {
    const bytes = utf8Length(record);
    if (this.batchBytes + bytes > WRITE_BATCH_BYTES) this.writeBatch();
    if (this.fileBytes + this.batchBytes + bytes > this.maxFileBytes && this.fileBytes + this.batchBytes > 0) {
      this.writeBatch();
      this.rotate();
    }
    if (bytes > WRITE_BATCH_BYTES) {
      this.writeBytes(Buffer.from(record));
      return;
    }
    this.batchBytes += this.batch.write(record, this.batchBytes);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.writeBatch();
    }, WRITE_INTERVAL_MS);
  }

  private writeBatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.batchBytes === 0) return;
    const bytes = this.batch.subarray(0, this.batchBytes);
    this.batchBytes = 0;
    this.writeBytes(bytes);
  }

  private writeBytes(bytes: Uint8Array): void {
    try {
      this.fd ??= this.openCurrentFile();
      let rest = bytes;
      while (rest.length > 0) rest = rest.subarray(writeSync(this.fd, rest));
      this.fileBytes += bytes.length;
    } catch (error) {
      // Reopen next time: the file may have been removed or its disk remounted.
      this.closeFile();
      this.onError(new Error(`writing the log file ${this.path} failed: ${(error as Error).message}`));
    }
  }

  private openCurrentFile(): number {
    // The directory may have been removed, or replaced by a link, since the last open.
    ensureRealDir(this.dir, LOG_DIR_MODE);
    return openNoFollowSync(this.path, APPEND_FLAGS, LOG_FILE_MODE);
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

  private rotate(): void {
    this.closeFile();
    this.fileBytes = 0;
    try {
      // Renaming inside a linked directory would move files wherever it points.
      if (!realDirExists(this.dir)) return;
      if (this.keepFiles === 1) {
        rmSync(this.path, { force: true });
        return;
      }
      for (let index = this.keepFiles - 2; index >= 0; index--) {
        try {
          renameSync(logFilePath(this.dir, index), logFilePath(this.dir, index + 1));
        } catch (error) {
          if (!isMissingFile(error)) throw error;
        }
      }
    } catch (error) {
      this.onError(new Error(`rotating the log file ${this.path} failed: ${(error as Error).message}`));
    }
  }
}
