// Reading the last records of the rotated log files back, to restore a LogHub at server start.
import { closeSync, fstatSync, readSync } from "node:fs";
import { openForReadingIfExistsSync } from "../../utils/safe-fs";
import { KEEP_LOG_FILES, logFilePath } from "./log-file";
import { parseLogRecord, type LogLine } from "./log-line";

/** Bytes read per step, backwards from the end of a file. */
export const TAIL_READ_CHUNK_BYTES = 256 * 1024;

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** The last `wanted` records of one file, oldest first; [] when the file does not exist. */
function readLastRecords(path: string, wanted: number): LogLine[] {
  const fd = openForReadingIfExistsSync(path);
  if (fd === null) return [];
  try {
    let position = fstatSync(fd).size;
    const chunks: Uint8Array[] = [];
    let newlines = 0;
    let records: LogLine[] = [];
    while (position > 0) {
      const length = Math.min(TAIL_READ_CHUNK_BYTES, position);
      position -= length;
      const chunk = new Uint8Array(length);
      readSync(fd, chunk, 0, length, position);
      chunks.unshift(chunk);
      newlines += countNewlines(chunk);
      if (newlines <= wanted && position > 0) continue;
      const lines = Buffer.concat(chunks).toString("utf8").split("\n");
      if (position > 0) lines.shift(); // starts mid-record
      // Lines that are not records (a dropped-lines notice, a record cut short by a crash) are skipped.
      records = lines.map(parseLogRecord).filter((line) => line !== null);
      if (records.length >= wanted) break;
    }
    return records.slice(-wanted);
  } finally {
    closeSync(fd);
  }
}

/**
 * The last `count` log lines of `dir`, oldest first, read from the current file and as many
 * rotated ones as needed. Lines whose seq does not increase (a file from an older run left
 * behind) are left out, so the result is ordered by seq.
 */
export function readTail(dir: string, count: number, keepFiles = KEEP_LOG_FILES): LogLine[] {
  if (count <= 0) return [];
  const newestFirst: LogLine[] = [];
  for (let index = 0; index < keepFiles && newestFirst.length < count; index++) {
    const records = readLastRecords(logFilePath(dir, index), count - newestFirst.length);
    for (let i = records.length - 1; i >= 0; i--) {
      const record = records[i]!;
      const newer = newestFirst[newestFirst.length - 1];
      if (newer === undefined || record.seq < newer.seq) newestFirst.push(record);
    }
  }
  return newestFirst.reverse();
}
