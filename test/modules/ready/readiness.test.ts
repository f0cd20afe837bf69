// The readiness rule on statuses and times the test gives.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BACKOFF_READY_LIMIT_MS, desiredRunning, readinessOf } from "../../../src/modules/ready/readiness";
import { readinessReport } from "../../../src/modules/ready";
import { STATE_DIR_NAME, DESIRED_STATE_FILE } from "../../../src/modules/process/desired-state";
import type { ProcessState } from "../../../src/modules/process/state";
import { lastExit, statusOf, TempDirs } from "../activity/support";

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

const NOW = Date.parse("2026-01-01T12:00:00Z");
const SECRET_EXIT = "AuthKeyUnregisteredError: the key 0123456789abcdef was not found";

describe("readinessOf", () => {
  test.each<ProcessState>(["stopped", "starting", "running", "stopping", "exited"])("%s is ready", (state) => {
    expect(readinessOf(statusOf({ state }), true, NOW)).toEqual({ ready: true, reason: `tgcf is ${state}` });
  });

  test("fatal is not ready while tgcf should run, ready when it should not", () => {
    const fatal = statusOf({ state: "fatal", lastExit: { ...lastExit(NOW, 1)!, reason: SECRET_EXIT } });
    const refused = readinessOf(fatal, true, NOW);
    expect(refused.ready).toBe(false);
    expect(refused.reason).toContain("fatal");
    expect(refused.reason).not.toContain("0123456789abcdef");
    expect(readinessOf(fatal, null, NOW).ready).toBe(false);
    expect(readinessOf(fatal, false, NOW).ready).toBe(true);
  });

  test(`backoff is ready for ${BACKOFF_READY_LIMIT_MS / 60_000} minutes, then not`, () => {
    const backoff = statusOf({ state: "backoff", lastExit: lastExit(NOW, 1) });
    expect(readinessOf(backoff, true, NOW + BACKOFF_READY_LIMIT_MS)).toMatchObject({ ready: true });
    const late = readinessOf(backoff, true, NOW + BACKOFF_READY_LIMIT_MS + 1);
    expect(late.ready).toBe(false);
    expect(late.reason).toContain("waiting to restart for 10 min");
    expect(readinessOf(backoff, false, NOW + 2 * BACKOFF_READY_LIMIT_MS).ready).toBe(true);
    expect(readinessOf(backoff, true, NOW + 2 * 60_000, 60_000).ready).toBe(false);
  });
});

describe("the desired state", () => {
  const write = (dataDir: string, text: string) => {
    mkdirSync(join(dataDir, STATE_DIR_NAME), { recursive: true });
    writeFileSync(join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE), text);
  };

  test("is read from the supervisor's file: running, stopped, or unknown", async () => {
    const dataDir = dirs.make();
    expect(await desiredRunning(dataDir)).toBeNull();
    write(dataDir, JSON.stringify({ state: "running", mode: "live" }));
    expect(await desiredRunning(dataDir)).toBe(true);
    write(dataDir, JSON.stringify({ state: "stopped" }));
    expect(await desiredRunning(dataDir)).toBe(false);
    write(dataDir, "{ not json");
    expect(await desiredRunning(dataDir)).toBeNull();
  });

  test("a link in its place is not followed", async () => {
    const dataDir = dirs.make();
    const elsewhere = join(dirs.make(), "desired.json");
    writeFileSync(elsewhere, JSON.stringify({ state: "stopped" }));
    mkdirSync(join(dataDir, STATE_DIR_NAME));
    symlinkSync(elsewhere, join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE));
    expect(await desiredRunning(dataDir)).toBeNull();
  });

  test("a fatal instance that was stopped on purpose is ready; the report is ready only when every instance is", async () => {
    const stoppedDir = dirs.make();
    write(stoppedDir, JSON.stringify({ state: "stopped" }));
    const runningDir = dirs.make();
    write(runningDir, JSON.stringify({ state: "running", mode: "live" }));
    const fatal = () => statusOf({ state: "fatal", lastExit: lastExit(NOW, 1) });
    const report = await readinessReport([
      { id: "a", dataDir: stoppedDir, status: fatal },
      { id: "b", dataDir: runningDir, status: fatal },
    ], NOW);
    expect(report.ready).toBe(false);
    expect(report.instances.map((instance) => [instance.id, instance.ready])).toEqual([["a", true], ["b", false]]);
  });
});
