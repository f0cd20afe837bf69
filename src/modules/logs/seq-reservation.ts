// Reserves seq numbers in blocks on disk, so that a server killed before its newest lines reached the log file
// never hands out their seq again (a browser that saw them would skip the new lines as duplicates).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SEQ_RESERVATION_BLOCK = 100_000;
const RESERVATION_FILE_NAME = "seq-reserved";

export class SeqReservation {
  private reserved: number;
  private readonly path: string;

  constructor(logDir: string) {
    this.path = join(logDir, RESERVATION_FILE_NAME);
    this.reserved = existsSync(this.path) ? Number.parseInt(readFileSync(this.path, "utf8"), 10) || 0 : 0;
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

  private write(value: number): void {
    this.reserved = value;
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, String(value), { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}
