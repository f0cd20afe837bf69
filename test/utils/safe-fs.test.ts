import { afterAll, describe, expect, test } from "bun:test";
import { constants, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { $ } from "bun";
import {
  ensureRealDir,
  openNoFollowSync,
  pathKind,
  readFileNoFollow,
  readFileNoFollowSync,
  realDirExists,
  RefusedPathError,
} from "../../src/utils/safe-fs";

const MARKER = "outside-the-data-dir";

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-safe-fs-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A data dir and, beside it, a file and a directory that links planted in the data dir point to. */
function dataDirWithOutside() {
  const root = tempDir();
  const dataDir = join(root, "data");
  const outsideFile = join(root, "outside.txt");
  const outsideDir = join(root, "outside-dir");
  mkdirSync(dataDir);
  mkdirSync(outsideDir);
  writeFileSync(outsideFile, MARKER);
  return { dataDir, outsideFile, outsideDir };
}

describe("reading without following links", () => {
  test("a file is read whole, sync and async", async () => {
    const { dataDir } = dataDirWithOutside();
    const path = join(dataDir, "file");
    writeFileSync(path, "content");
    expect(readFileNoFollowSync(path).toString()).toBe("content");
    expect((await readFileNoFollow(path)).toString()).toBe("content");
  });

  test("a symbolic link is refused with a message naming it", async () => {
    const { dataDir, outsideFile } = dataDirWithOutside();
    const link = join(dataDir, "file");
    symlinkSync(outsideFile, link);
    const message = `refusing to follow the symbolic link ${link}: remove it`;
    expect(() => readFileNoFollowSync(link)).toThrow(message);
    await expect(readFileNoFollow(link)).rejects.toThrow(message);
    await expect(readFileNoFollow(link)).rejects.toBeInstanceOf(RefusedPathError);
  });

  test("a missing file is ENOENT as usual", async () => {
    const { dataDir } = dataDirWithOutside();
    await expect(readFileNoFollow(join(dataDir, "missing"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("a FIFO or a directory is refused as not a regular file, without hanging", async () => {
    const { dataDir } = dataDirWithOutside();
    const fifo = join(dataDir, "fifo");
    await $`mkfifo ${fifo}`;
    await expect(readFileNoFollow(fifo)).rejects.toThrow(`refusing to use ${fifo}: it is not a regular file`);
    expect(() => openNoFollowSync(fifo, constants.O_WRONLY | constants.O_APPEND)).toThrow("it is not a regular file");
    expect(() => readFileNoFollowSync(dataDir)).toThrow("it is not a regular file");
  });

  test("creating through a link is refused and creates nothing at the target", () => {
    const { dataDir, outsideDir } = dataDirWithOutside();
    const link = join(dataDir, "new-file");
    symlinkSync(join(outsideDir, "created"), link); // dangling: O_CREAT alone would create the target
    expect(() => openNoFollowSync(link, constants.O_WRONLY | constants.O_CREAT, 0o600)).toThrow("refusing to follow the symbolic link");
    expect(pathKind(join(outsideDir, "created"))).toBe("missing");
  });
});

describe("directories", () => {
  test("ensureRealDir creates a missing directory with its mode and accepts a real one", () => {
    const { dataDir } = dataDirWithOutside();
    const dir = join(dataDir, "state");
    ensureRealDir(dir, 0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    ensureRealDir(dir, 0o700);
    expect(realDirExists(dir)).toBe(true);
    expect(realDirExists(join(dataDir, "missing"))).toBe(false);
  });

  test("a directory that is a symbolic link is refused, and nothing is made inside its target", () => {
    const { dataDir, outsideDir } = dataDirWithOutside();
    const link = join(dataDir, "state");
    symlinkSync(outsideDir, link);
    expect(() => ensureRealDir(link, 0o700)).toThrow(`refusing to follow the symbolic link ${link}: remove it`);
    expect(() => realDirExists(link)).toThrow(RefusedPathError);
    expect(pathKind(link)).toBe("symlink");
    expect(readdirSync(outsideDir)).toEqual([]);
  });

  test("a file where a directory should be is refused", () => {
    const { dataDir } = dataDirWithOutside();
    const path = join(dataDir, "state");
    writeFileSync(path, "");
    expect(() => ensureRealDir(path, 0o700)).toThrow(`refusing to use ${path}: it is not a directory`);
  });
});
