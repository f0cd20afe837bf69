import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileWatcher, looksHalfWritten } from "../../../src/modules/config/watch-file";
import { waitUntil } from "../../helpers/server";

const NO_POLL_MS = 60 * 60_000;
const FAST_POLL_MS = 20;
const LIVENESS_MS = 5_000;

const tempDirs: string[] = [];
const watchers: FileWatcher[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-watch-"));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.close();
});
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function watching(dir: string, pollMs: number, onWatchError?: (error: Error) => void) {
  const seen = { looks: 0 };
  const watcher = new FileWatcher(dir, "tgcf.config.json", () => seen.looks++, { pollMs, onWatchError });
  watchers.push(watcher);
  watcher.start();
  return seen;
}

describe("FileWatcher", () => {
  test("a write in place, as tgcf makes it, is noticed through fs.watch without waiting for the periodic check", async () => {
    const dir = dataDir();
    writeFileSync(join(dir, "tgcf.config.json"), "{}");
    const seen = watching(dir, NO_POLL_MS);
    const file = openSync(join(dir, "tgcf.config.json"), "w");
    writeSync(file, '{"pid": 1}');
    closeSync(file);
    await waitUntil(() => seen.looks > 0, LIVENESS_MS, "a look after the write");
  });

  test("when fs.watch cannot watch, the failure is told and the periodic check goes on", async () => {
    const errors: Error[] = [];
    const seen = watching(join(dataDir(), "not-there-yet"), FAST_POLL_MS, (error) => errors.push(error));
    await waitUntil(() => seen.looks >= 3, LIVENESS_MS, "periodic looks");
    expect(errors.length).toBe(1);
  });

  test("lookIn asks for one look soon; a second request meanwhile does not add one", async () => {
    const seen = watching(dataDir(), NO_POLL_MS);
    const watcher = watchers.at(-1)!;
    watcher.lookIn(10);
    watcher.lookIn(10);
    await waitUntil(() => seen.looks > 0, LIVENESS_MS, "the look");
    watcher.lookIn(10);
    await waitUntil(() => seen.looks > 1, LIVENESS_MS, "the next look");
    expect(seen.looks).toBe(2);
  });
});

describe("looksHalfWritten", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  test.each([
    ["an empty file (just truncated)", bytes(""), true],
    ["the first part of the JSON", bytes('{"pid": 0, "theme": "li'), true],
    ["a whole config", bytes('{"pid": 0}'), false],
    ["no file at all", undefined, false],
  ])("%s", (_what, content, expected) => {
    expect(looksHalfWritten(content)).toBe(expected);
  });
});
