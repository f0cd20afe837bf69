import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHILD_RECORD_FILE, DESIRED_STATE_FILE, STATE_DIR_NAME, StateFiles, type DesiredState } from "../../../src/modules/process/desired-state";
import { temporaryDirectory } from "./fakes";

const record = { pid: 4321, commandLine: ["/usr/bin/tgcf", "live", "--loud"], startTime: "2026-01-01T00:00:00.000Z", mode: "live" as const };

describe("StateFiles", () => {
  test("reads nothing before anything was written", async () => {
    const files = new StateFiles(temporaryDirectory());
    expect(await files.readDesiredState()).toBeNull();
    expect(await files.readChildRecord()).toBeNull();
  });

  test("writes the desired state as JSON in <dataDir>/.tgcf-server, readable by a new instance, owner-only", async () => {
    const dataDir = temporaryDirectory();
    await new StateFiles(dataDir).writeDesiredState({ state: "running", mode: "past" });
    const path = join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ state: "running", mode: "past" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await new StateFiles(dataDir).readDesiredState()).toEqual({ state: "running", mode: "past" });
  });

  test("applies writes in call order and leaves no temporary files", async () => {
    const dataDir = temporaryDirectory();
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
    const files = new StateFiles(temporaryDirectory());
    const written = files.writeChildRecord(record);
    await Promise.all([written, files.removeChildRecord()]);
    expect(await files.readChildRecord()).toBeNull();
  });

  test("round-trips the child record", async () => {
    const files = new StateFiles(temporaryDirectory());
    await files.writeChildRecord(record);
    expect(await files.readChildRecord()).toEqual(record);
  });

  test("refuses files that hold something else, saying which file", async () => {
    const dataDir = temporaryDirectory();
    mkdirSync(join(dataDir, STATE_DIR_NAME));
    writeFileSync(join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE), '{"state":"running","mode":"sideways"}');
    writeFileSync(join(dataDir, STATE_DIR_NAME, CHILD_RECORD_FILE), '{"pid":1,"commandLine":[],"startTime":"x","mode":"live"}');
    const files = new StateFiles(dataDir);
    await expect(files.readDesiredState()).rejects.toThrow(/desired-state.json does not hold a desired state/);
    await expect(files.readChildRecord()).rejects.toThrow(/child.json does not hold a child record/); // pid 1 is never ours
  });

  test("a failed write does not block the writes after it", async () => {
    const files = new StateFiles(temporaryDirectory());
    const unserialisable = { state: "running", mode: 1n } as unknown as DesiredState; // JSON.stringify throws
    const failed = files.writeDesiredState(unserialisable);
    const next = files.writeDesiredState({ state: "stopped" });
    await expect(failed).rejects.toThrow(/BigInt/);
    await next;
    expect(await files.readDesiredState()).toEqual({ state: "stopped" });
  });
});
