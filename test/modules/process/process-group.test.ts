import { afterEach, describe, expect, test } from "bun:test";
import {
  commandLineOf,
  isGroupAlive,
  listProcesses,
  readProcessStat,
  signalGroup,
  signalProcess,
  waitForGroupExit,
} from "../../../src/modules/process/process-group";
import { waitFor } from "./fakes";

const LIVENESS_BOUND_MS = 10_000;
const spawned: number[] = [];

/** A detached `sh` whose group also holds a `sleep` grandchild; prints the grandchild's pid. */
async function spawnGroupWithGrandchild(script = "sleep 60 & echo $!; wait") {
  const leader = Bun.spawn(["sh", "-c", script], { detached: true, stdin: "ignore", stdout: "pipe", stderr: "ignore" });
  spawned.push(leader.pid);
  const reader = leader.stdout.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  return { leader, grandchild: Number(new TextDecoder().decode(value).trim()) };
}

afterEach(() => {
  for (const pgid of spawned.splice(0)) signalGroup(pgid, "SIGKILL");
});

describe("signalGroup", () => {
  test("refuses pgid 0, 1 and negative ones, which would reach far more than one group", () => {
    expect(() => signalGroup(0, "SIGTERM")).toThrow(RangeError);
    expect(() => signalGroup(1, "SIGTERM")).toThrow(RangeError);
    expect(() => signalGroup(-5, "SIGTERM")).toThrow(RangeError);
  });

  test("reaches the leader and its grandchild", async () => {
    const { leader, grandchild } = await spawnGroupWithGrandchild();
    expect(readProcessStat(grandchild)?.pgrp).toBe(leader.pid);
    expect(signalGroup(leader.pid, "SIGKILL")).toBe(true);
    await leader.exited;
    expect(await waitForGroupExit(leader.pid, LIVENESS_BOUND_MS)).toBe(true);
    // Here pid 1 may be slow to reap the orphaned grandchild: gone or a zombie are both dead.
    expect(readProcessStat(grandchild)?.state ?? "gone").toMatch(/gone|Z/);
  });

  test("reports false for a group that does not exist", () => {
    expect(signalGroup(2 ** 22 + 12345, "SIGTERM")).toBe(false);
  });
});

describe("signalProcess", () => {
  test("refuses pid 0 and 1, and reports false for a process that does not exist", () => {
    expect(() => signalProcess(0, "SIGTERM")).toThrow(RangeError);
    expect(() => signalProcess(1, "SIGTERM")).toThrow(RangeError);
    expect(signalProcess(2 ** 22 + 12345, "SIGTERM")).toBe(false);
  });

  test("reaches one process in another session, where a group signal does not", async () => {
    const { leader, grandchild } = await spawnGroupWithGrandchild("setsid sleep 60 & echo $!; wait");
    await waitFor(() => readProcessStat(grandchild)?.session === grandchild, "the grandchild's own session");
    signalGroup(leader.pid, "SIGKILL");
    await leader.exited;
    expect(readProcessStat(grandchild)?.state).toMatch(/[RS]/);
    expect(signalProcess(grandchild, "SIGKILL")).toBe(true);
    await waitFor(() => (readProcessStat(grandchild)?.state ?? "Z") === "Z", "the grandchild's death");
  });
});

describe("isGroupAlive", () => {
  test("stays true while a grandchild lives on after the leader died", async () => {
    const { leader, grandchild } = await spawnGroupWithGrandchild("sleep 60 & echo $!");
    await leader.exited; // sh exits at once, its sleep goes on in the same group
    expect(isGroupAlive(leader.pid)).toBe(true);
    process.kill(grandchild, "SIGKILL");
    expect(await waitForGroupExit(leader.pid, LIVENESS_BOUND_MS)).toBe(true);
  });

  test("is false for a group whose only member is an unreaped zombie", async () => {
    // The new session's `sh` exits at once; its parent becomes `sleep`, which never reaps it.
    const { grandchild: zombie } = await spawnGroupWithGrandchild('setsid sh -c "exit 0" & echo $!; exec sleep 60');
    await waitFor(() => readProcessStat(zombie)?.state === "Z", "the zombie");
    expect(readProcessStat(zombie)?.pgrp).toBe(zombie);
    expect(signalGroup(zombie, 0)).toBe(true); // the kernel still knows the group...
    expect(isGroupAlive(zombie)).toBe(false); // ...but nothing in it can run
  });

  test("is false for a group that never existed", () => {
    expect(isGroupAlive(2 ** 22 + 12345)).toBe(false);
  });
});

describe("waitForGroupExit", () => {
  test("resolves false when the group outlives the timeout", async () => {
    const { leader } = await spawnGroupWithGrandchild();
    expect(await waitForGroupExit(leader.pid, 50)).toBe(false);
  });
});

describe("commandLineOf", () => {
  test("returns the argv of a running process", async () => {
    const { leader } = await spawnGroupWithGrandchild();
    expect(commandLineOf(leader.pid)).toEqual(["sh", "-c", "sleep 60 & echo $!; wait"]);
  });

  test("returns null for a pid that does not exist", () => {
    expect(commandLineOf(2 ** 22 + 12345)).toBeNull();
  });
});

test("listProcesses sees this test process with its parent and group", () => {
  const self = listProcesses().find((stat) => stat.pid === process.pid);
  expect(self?.ppid).toBe(process.ppid);
  expect(self?.state).toMatch(/[RS]/);
});
