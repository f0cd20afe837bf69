// Reserves seq numbers in blocks on disk, so that a server killed before its newest lines reached the log file
// never hands out their seq again (a browser that saw them would skip the new lines as duplicates).
import { join } from "node:path";
import { removeStaleTempFiles, writeFileAtomicallySync } from "../../utils/atomic-write";
import { ensureRealDir, readFileNoFollowSync } from "../../utils/safe-fs";
import { LOG_DIR_MODE } from "./log-file";

export const SEQ_RESERVATION_BLOCK = 100_000;
export const RESERVATION_FILE_NAME = "seq-reserved";
const RESERVATION_FILE_MODE = 0o600;

/**
 * The reservation in <logDir>/seq-reserved. A symbolic link in place of the file or of `logDir` is never followed:
 * at construction it is refused with RefusedPathError (the server does not start until it is removed); later a
 * write to it fails and is logged, and the log goes on.
 */
export class SeqReservation {
  private reserved: number;
  private readonly path: string;

  constructor(private readonly logDir: string) {
    this.path = join(logDir, RESERVATION_FILE_NAME);
    ensureRealDir(logDir, LOG_DIR_MODE);
    removeStaleTempFiles(logDir, RESERVATION_FILE_NAME);
    this.reserved = readReservation(this.path);
  }

  /** The highest seq that may have been handed out before. */
  get highWater(): number {
    return this.reserved;
  }

  /** Call before handing out `seq`; writes a new block to disk once every SEQ_RESERVATION_BLOCK lines. */
  cover(seq: number): void {
    if (seq <= this.reserved) return;
    this.write(seq + SEQ_RESERVATION_BLOCK);
  }

  /** After a clean shutdown only the seqs really used stay reserved. */
  release(lastSeq: number): void {
    this.write(lastSeq);
  }

  // A failure must not stop the line being logged: it only risks a seq used twice after a crash.
  private write(value: number): void {
    this.reserved = value;
    try {
      ensureRealDir(this.logDir, LOG_DIR_MODE);
      writeFileAtomicallySync(this.path, String(value), { mode: RESERVATION_FILE_MODE });
    } catch (error) {
      console.error(`logs: could not save ${this.path} (${(error as Error).message}): after a crash, browsers may skip some new log lines`);
    }
  }
}

function readReservation(path: string): number {
  try {
    return Number.parseInt(readFileNoFollowSync(path).toString("utf8"), 10) || 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
}
