import { afterEach, describe, expect, spyOn, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEEP_LOG_FILES, LOG_FILE_NAME, RotatingLogFile, existingLogFiles, logFilePath } from "../../../src/modules/logs/log-file";
import { type LogLine, formatLogRecord, parseLogRecord } from "../../../src/modules/logs/log-line";
import { readTail } from "../../../src/modules/logs/log-tail";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-logs-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const TS = "2026-11-24T11:08:51.123Z";
const line = (seq: number, text = `line number ${seq}`, stream: LogLine["stream"] = "stdout"): LogLine => ({ seq, ts: TS, stream, line: text });
const seqsOf = (lines: LogLine[]) => lines.map((logLine) => logLine.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function recordsIn(path: string): LogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").split("\n").map(parseLogRecord).filter((record) => record !== null);
}

describe("log records", () => {
  test("read as `<ts> <seq> <stream> <line>` and parse back to the same line, blanks and codes included", () => {
    for (const original of [line(1), line(2, ""), line(3, "  indented \x1b[31mred\x1b[0m"), line(4, "stopped", "system")]) {
      const record = formatLogRecord(original);
      expect(record.endsWith("\n")).toBe(true);
      expect(parseLogRecord(record.slice(0, -1))).toEqual(original);
    }
    expect(formatLogRecord(line(7, "hello"))).toBe(`${TS} 7 stdout hello\n`);
  });

  test("a line break inside a system message cannot split the record", () => {
    const record = formatLogRecord(line(5, "tgcf exited\nwith code 1", "system"));
    expect(record.split("\n").length).toBe(2);
    expect(parseLogRecord(record.slice(0, -1))?.line).toBe("tgcf exited␤with code 1");
  });

  test("text that is not a record parses to null", () => {
    for (const text of ["", "# 3 log lines not written", `${TS} x stdout a`, `${TS} 1 stdin a`, "2026-11-24 1 stdout a"]) {
      expect(parseLogRecord(text)).toBeNull();
    }
  });
});

describe("RotatingLogFile", () => {
  test("lines trickling in reach the disk without flush, through one open file, in one write per interval", async () => {
    const dir = tempDir();
    const opens = spyOn(fs, "openSync");
    const writes = spyOn(fs, "writeSync");
    try {
      const file = new RotatingLogFile({ dir });
      for (let seq = 1; seq <= 100; seq++) {
        file.write(line(seq));
        if (seq % 10 === 0) await new Promise((resolve) => setImmediate(resolve)); // a few ticks apart
      }
      expect(existsSync(join(dir, LOG_FILE_NAME))).toBe(false);
      const deadline = Date.now() + 5_000;
      while (recordsIn(file.path).length < 100 && Date.now() < deadline) await Bun.sleep(5);
      expect(seqsOf(recordsIn(file.path))).toEqual(range(1, 100));
      expect(writes).toHaveBeenCalledTimes(1);
      for (let seq = 101; seq <= 110; seq++) file.write(line(seq));
      await file.flush();
      expect(writes).toHaveBeenCalledTimes(2);
      expect(opens.mock.calls.filter(([path]) => path === file.path)).toHaveLength(1);
      await file.close();
    } finally {
      opens.mockRestore();
      writes.mockRestore();
    }
  });

  test("rotates before passing maxFileBytes and keeps keepFiles files in all, dropping the oldest", async () => {
    const dir = tempDir();
    const file = new RotatingLogFile({ dir, maxFileBytes: 300, keepFiles: 5 });
    for (let seq = 1; seq <= 200; seq++) {
      file.write(line(seq));
      if (seq % 7 === 0) await file.flush(); // rotations both within a batch and between batches
    }
    await file.flush();
    const paths = [4, 3, 2, 1, 0].map((index) => logFilePath(dir, index));
    expect(file.paths()).toEqual(paths);
    expect(existsSync(logFilePath(dir, 5))).toBe(false);
    for (const path of paths) expect(statSync(path).size).toBeLessThanOrEqual(300);
    const kept = seqsOf(paths.flatMap(recordsIn));
    expect(kept.at(-1)).toBe(200);
    expect(kept[0]).toBeGreaterThan(1);
    expect(kept).toEqual(range(kept[0]!, 200));
  });

  test("with keepFiles 1 only the current file remains", async () => {
    const dir = tempDir();
    const file = new RotatingLogFile({ dir, maxFileBytes: 200, keepFiles: 1 });
    for (let seq = 1; seq <= 50; seq++) file.write(line(seq));
    await file.close();
    expect(existingLogFiles(dir, 5)).toEqual([logFilePath(dir, 0)]);
    expect(recordsIn(logFilePath(dir, 0)).at(-1)?.seq).toBe(50);
  });

  test("continues a record cut short by a crash on a fresh line", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOG_FILE_NAME), `${formatLogRecord(line(1))}${TS} 2 stdout half a li`);
    const file = new RotatingLogFile({ dir });
    file.write(line(3));
    await file.close();
    expect(seqsOf(readTail(dir, 10))).toEqual([1, 2, 3]);
    expect(readTail(dir, 10)[2]).toEqual(line(3));
  });

  test("reports a failed write to onError and keeps writing once the file is writable", async () => {
    const dir = tempDir();
    const errors: Error[] = [];
    const file = new RotatingLogFile({ dir, onError: (error) => errors.push(error) });
    mkdirSync(join(dir, LOG_FILE_NAME)); // a directory where the file should be
    file.write(line(1));
    await file.flush();
    expect(errors.length).toBe(1);
    expect(errors[0]?.message).toContain(LOG_FILE_NAME);
    rmSync(join(dir, LOG_FILE_NAME), { recursive: true });
    file.write(line(2));
    await file.close();
    expect(seqsOf(recordsIn(file.path))).toEqual([2]);
  });

  test("a symbolic link in place of the directory or of any log file stops the opening, naming it", () => {
    const outsideDir = tempDir();
    const outsideFile = join(outsideDir, "elsewhere.log");
    writeFileSync(outsideFile, formatLogRecord(line(1)));
    const plantings = [
      { linkOf: (logDir: string) => logDir, target: outsideDir },
      { linkOf: (logDir: string) => logFilePath(logDir, 0), target: outsideFile },
      { linkOf: (logDir: string) => logFilePath(logDir, KEEP_LOG_FILES - 1), target: outsideFile },
    ];
    for (const { linkOf, target } of plantings) {
      const logDir = join(tempDir(), "logs");
      mkdirSync(logDir);
      const link = linkOf(logDir);
      rmSync(link, { recursive: true, force: true });
      symlinkSync(target, link);
      expect(() => new RotatingLogFile({ dir: logDir })).toThrow(`refusing to follow the symbolic link ${link}: remove it`);
    }
    expect(readdirSync(outsideDir)).toEqual(["elsewhere.log"]);
    expect(readFileSync(outsideFile, "utf8")).toBe(formatLogRecord(line(1)));
  });

  test("a link made while open is neither written through nor listed: onError is told and the log goes on", async () => {
    const dir = tempDir();
    const outside = join(tempDir(), "elsewhere.log");
    writeFileSync(outside, "");
    const errors: Error[] = [];
    const file = new RotatingLogFile({ dir, onError: (error) => errors.push(error) });
    symlinkSync(outside, file.path);
    symlinkSync(outside, logFilePath(dir, 1));
    file.write(line(1));
    await file.flush();
    expect(errors.map((error) => error.message)).toEqual([`writing the log file ${file.path} failed: refusing to follow the symbolic link ${file.path}: remove it`]);
    expect(file.paths()).toEqual([]);
    expect(errors.at(-1)?.message).toBe(`refusing to follow the symbolic link ${file.path}: remove it`);
    rmSync(file.path);
    file.write(line(2));
    await file.close();
    expect(seqsOf(recordsIn(file.path))).toEqual([2]);
    expect(readFileSync(outside, "utf8")).toBe("");
  });

  test("refuses writes after close", async () => {
    const file = new RotatingLogFile({ dir: tempDir() });
    await file.close();
    expect(() => file.write(line(1))).toThrow(/closed/);
  });
});

describe("readTail", () => {
  async function writeRotated(dir: string, count: number): Promise<void> {
    const file = new RotatingLogFile({ dir, maxFileBytes: 400, keepFiles: 5 });
    for (let seq = 1; seq <= count; seq++) file.write(line(seq));
    await file.close();
  }

  test("returns the last n lines in order, reading into rotated files as needed", async () => {
    const dir = tempDir();
    await writeRotated(dir, 60);
    const inCurrent = recordsIn(logFilePath(dir, 0)).length;
    expect(seqsOf(readTail(dir, 3))).toEqual([58, 59, 60]);
    expect(seqsOf(readTail(dir, inCurrent + 5))).toEqual(range(60 - inCurrent - 4, 60));
    const everything = readTail(dir, 10_000);
    expect(everything).toEqual(existingLogFiles(dir).flatMap(recordsIn));
    expect(everything.at(-1)).toEqual(line(60));
  });

  test("reads a tail longer than one read step from a single large file", async () => {
    const dir = tempDir();
    const file = new RotatingLogFile({ dir });
    const long = "x".repeat(2_000);
    for (let seq = 1; seq <= 600; seq++) file.write(line(seq, `${seq} ${long}`));
    await file.close();
    const tail = readTail(dir, 400);
    expect(seqsOf(tail)).toEqual(range(201, 600));
    expect(tail[0]?.line).toBe(`201 ${long}`);
  });

  test("skips non-record lines and leaves out lines whose seq does not increase", () => {
    const dir = tempDir();
    writeFileSync(logFilePath(dir, 1), [line(1), line(2), line(9)].map(formatLogRecord).join(""));
    writeFileSync(logFilePath(dir, 0), `# 4 log lines not written here\n${[line(3), line(4)].map(formatLogRecord).join("")}`);
    expect(seqsOf(readTail(dir, 10))).toEqual([1, 2, 3, 4]);
  });

  test("is empty for a directory without logs", () => {
    expect(readTail(tempDir(), 100)).toEqual([]);
    expect(readTail(join(tempDir(), "missing"), 100)).toEqual([]);
  });
});
