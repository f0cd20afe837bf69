import { describe, expect, test } from "bun:test";
import type { ProcessGroups } from "../../../src/modules/process/process-group";
import { GONE_AFTER_KILL_MS, terminateGroup } from "../../../src/modules/process/terminate";
import { FakeClock, FakeOs } from "./fakes";

const GRACE_MS = 5_000;
const KILL_AFTER_MS = 2_000;
const options = { graceMs: GRACE_MS, killAfterMs: KILL_AFTER_MS };

function spawnFake(os: FakeOs) {
  return os.spawn({ argv: ["tgcf", "live", "--loud"], cwd: "/", env: {} });
}

describe("terminateGroup", () => {
  test("sends only SIGINT when tgcf answers it", async () => {
    const os = new FakeOs();
    const clock = new FakeClock();
    const child = spawnFake(os);
    const result = await terminateGroup(child.pid, child.exited, os, clock, options);
    expect(os.last.signals).toEqual(["SIGINT"]);
    expect(result).toEqual({ lastSignal: "SIGINT", groupGone: true });
    expect(clock.pendingDelays()).toEqual([]); // escalation timers cleared
  });

  test("escalates to SIGTERM after the grace period when SIGINT is ignored", async () => {
    const os = new FakeOs();
    os.behaviour = { ignores: ["SIGINT"], leavesGroupBehind: false };
    const clock = new FakeClock();
    const child = spawnFake(os);
    const done = terminateGroup(child.pid, child.exited, os, clock, options);
    await clock.advance(GRACE_MS - 1);
    expect(os.last.signals).toEqual(["SIGINT"]);
    await clock.advance(1);
    expect(await done).toEqual({ lastSignal: "SIGTERM", groupGone: true });
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM"]);
  });

  test("escalates to SIGKILL killAfterMs after SIGTERM when both are ignored", async () => {
    const os = new FakeOs();
    os.behaviour = { ignores: ["SIGINT", "SIGTERM"], leavesGroupBehind: false };
    const clock = new FakeClock();
    const child = spawnFake(os);
    const done = terminateGroup(child.pid, child.exited, os, clock, options);
    await clock.advance(GRACE_MS + KILL_AFTER_MS - 1);
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM"]);
    await clock.advance(1);
    expect(await done).toEqual({ lastSignal: "SIGKILL", groupGone: true });
  });

  test("keeps escalating after the leader exits while its group lives on", async () => {
    const os = new FakeOs();
    os.behaviour = { ignores: [], leavesGroupBehind: true };
    const clock = new FakeClock();
    const child = spawnFake(os);
    let settled = false;
    const done = terminateGroup(child.pid, child.exited, os, clock, options).finally(() => (settled = true));
    await clock.advance(GRACE_MS);
    expect(os.last.hasExited).toBe(true);
    expect(settled).toBe(false);
    await clock.advance(KILL_AFTER_MS);
    expect(await done).toEqual({ lastSignal: "SIGKILL", groupGone: true });
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM", "SIGKILL"]);
  });

  test("gives up, reporting the group not gone, when even SIGKILL does not empty it", async () => {
    const os = new FakeOs();
    const clock = new FakeClock();
    const child = spawnFake(os);
    const stuck: ProcessGroups = {
      signalGroup: (pgid, signal) => os.signalGroup(pgid, signal),
      isGroupAlive: () => true, // a member in uninterruptible sleep, say
      commandLineOf: () => null,
    };
    const done = terminateGroup(child.pid, child.exited, stuck, clock, options);
    await clock.advance(GRACE_MS + KILL_AFTER_MS + GONE_AFTER_KILL_MS + 100);
    expect(await done).toEqual({ lastSignal: "SIGKILL", groupGone: false });
  });

  test("stops a group it did not spawn, waiting on the group alone", async () => {
    const os = new FakeOs();
    const clock = new FakeClock();
    const orphan = os.addForeignProcess(["tgcf", "live"]);
    const result = await terminateGroup(orphan.pid, Promise.resolve(), os, clock, options);
    expect(result.groupGone).toBe(true);
    expect(orphan.signals).toEqual(["SIGINT"]);
  });
});
