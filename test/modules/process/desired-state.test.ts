import { afterAll, describe, expect, test } from "bun:test";
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHILD_RECORD_FILE, DESIRED_STATE_FILE, STATE_DIR_NAME, StateFiles, type DesiredState } from "../../../src/modules/process/desired-state";
import { temporaryNameOf } from "../../../src/utils/atomic-write";
import { temporaryDirectory } from "./fakes";

const dirs: string[] = [];
function tempDir(): string {
  const dir = temporaryDirectory();
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const record = { pid: 4321, commandLine: ["/usr/bin/tgcf", "live", "--loud"], startTime: "2026-01-01T00:00:00.000Z", mode: "live" as const };

describe("StateFiles", () => {
  test("reads nothing before anything was written", async () => {
    const files = new StateFiles(tempDir());
    expect(await files.readDesiredState()).toBeNull();
    expect(await files.readChildRecord()).toBeNull();
  });

  test("writes the desired state as JSON in <dataDir>/.tgcf-server, readable by a new instance, owner-only", async () => {
    const dataDir = tempDir();
    await new StateFiles(dataDir).writeDesiredState({ state: "running", mode: "past" });
    const path = join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ state: "running", mode: "past" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await new StateFiles(dataDir).readDesiredState()).toEqual({ state: "running", mode: "past" });
  });

  test("applies writes in call order and leaves no temporary files", async () => {
    const dataDir = tempDir();
    const files = new StateFiles(dataDir);
    const writes = [];
    for (let index = 0; index < 20; index++) {
      writes.push(files.writeDesiredState(index % 2 === 0 ? { state: "running", mode: "live" } : { state: "stopped" }));
    }
    writes.push(files.writeDesiredState({ state: "running", mode: "past" }));
    await Promise.all(writes);
    expect(await files.readDesiredState()).toEqual({ state: "running", mode: "past" });
    expect(readdirSync(join(dataDir, STATE_DIR_NAME))).toEqual([DESIRED_STATE_FILE]);
  });

  test("a removal queued after a write wins over it", async () => {
    const files = new StateFiles(tempDir());
    const written = files.writeChildRecord(record);
    await Promise.all([written, files.removeChildRecord()]);
    expect(await files.readChildRecord()).toBeNull();
  });

  test("round-trips the child record", async () => {
    const files = new StateFiles(tempDir());
    await files.writeChildRecord(record);
    expect(await files.readChildRecord()).toEqual(record);
  });

  test("refuses files that hold something else, saying which file", async () => {
    const dataDir = tempDir();
    mkdirSync(join(dataDir, STATE_DIR_NAME));
    writeFileSync(join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE), '{"state":"running","mode":"sideways"}');
    writeFileSync(join(dataDir, STATE_DIR_NAME, CHILD_RECORD_FILE), '{"pid":1,"commandLine":[],"startTime":"x","mode":"live"}');
    const files = new StateFiles(dataDir);
    await expect(files.readDesiredState()).rejects.toThrow(/desired-state.json does not hold a desired state/);
    await expect(files.readChildRecord()).rejects.toThrow(/child.json does not hold a child record/); // pid 1 is never ours
  });

  test("a failed write does not block the writes after it", async () => {
    const files = new StateFiles(tempDir());
    const unserialisable = { state: "running", mode: 1n } as unknown as DesiredState; // JSON.stringify throws
    const failed = files.writeDesiredState(unserialisable);
    const next = files.writeDesiredState({ state: "stopped" });
    await expect(failed).rejects.toThrow(/BigInt/);
    await next;
    expect(await files.readDesiredState()).toEqual({ state: "stopped" });
  });

  test("a file that is a symbolic link is refused by name when read, and replaced, not written through", async () => {
    const dataDir = tempDir();
    const outside = join(tempDir(), "elsewhere.json");
    writeFileSync(outside, '{"state":"running","mode":"past"}');
    const link = join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE);
    mkdirSync(join(dataDir, STATE_DIR_NAME));
    symlinkSync(outside, link);
    const files = new StateFiles(dataDir);
    await expect(files.readDesiredState()).rejects.toThrow(`refusing to follow the symbolic link ${link}: remove it`);
    await files.writeDesiredState({ state: "stopped" });
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(outside, "utf8")).toBe('{"state":"running","mode":"past"}');
  });

  test("a state directory that is a symbolic link is refused by reads, writes and removals alike", async () => {
    const dataDir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, CHILD_RECORD_FILE), JSON.stringify(record));
    const link = join(dataDir, STATE_DIR_NAME);
    symlinkSync(outside, link);
    const files = new StateFiles(dataDir);
    const refusal = `refusing to follow the symbolic link ${link}: remove it`;
    await expect(files.readChildRecord()).rejects.toThrow(refusal);
    await expect(files.writeDesiredState({ state: "stopped" })).rejects.toThrow(refusal);
    await expect(files.removeChildRecord()).rejects.toThrow(refusal);
    expect(readdirSync(outside)).toEqual([CHILD_RECORD_FILE]);
    expect(JSON.parse(readFileSync(join(outside, CHILD_RECORD_FILE), "utf8"))).toEqual(record);
  });

  test("opening removes the temporary files of writes cut short by a killed server", async () => {
    const dataDir = tempDir();
    const stateDir = join(dataDir, STATE_DIR_NAME);
    mkdirSync(stateDir);
    const stale = [temporaryNameOf(DESIRED_STATE_FILE), temporaryNameOf(CHILD_RECORD_FILE)]; // our pid, no write in flight: an earlier process's
    for (const name of stale) writeFileSync(join(stateDir, name), "{}");
    new StateFiles(dataDir);
    expect(readdirSync(stateDir)).toEqual([]);
  });
});
