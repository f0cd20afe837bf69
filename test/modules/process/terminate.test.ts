import { describe, expect, test } from "bun:test";
import type { ProcessFamily } from "../../../src/modules/process/process-group";
import { GONE_AFTER_KILL_MS, terminateFamily } from "../../../src/modules/process/terminate";
import { FakeClock, FakeOs } from "./fakes";

const GRACE_MS = 5_000;
const KILL_AFTER_MS = 2_000;
const options = { graceMs: GRACE_MS, killAfterMs: KILL_AFTER_MS };

function spawnFake(os: FakeOs) {
  return os.spawn({ argv: ["tgcf", "live", "--loud"], cwd: "/", env: {} });
}

describe("terminateFamily", () => {
  test("sends only SIGINT when tgcf answers it", async () => {
    const os = new FakeOs();
    const clock = new FakeClock();
    const child = spawnFake(os);
    const result = await terminateFamily(os.familyOf(child.pid, null), child.exited, clock, options);
    expect(os.last.signals).toEqual(["SIGINT"]);
    expect(result).toEqual({ lastSignal: "SIGINT", familyGone: true });
    expect(clock.pendingDelays()).toEqual([]); // escalation timers cleared
  });

  test("escalates to SIGTERM after the grace period when SIGINT is ignored", async () => {
    const os = new FakeOs();
    os.behaviour = { ignores: ["SIGINT"], leavesGroupBehind: false };
    const clock = new FakeClock();
    const child = spawnFake(os);
    const done = terminateFamily(os.familyOf(child.pid, null), child.exited, clock, options);
    await clock.advance(GRACE_MS - 1);
    expect(os.last.signals).toEqual(["SIGINT"]);
    await clock.advance(1);
    expect(await done).toEqual({ lastSignal: "SIGTERM", familyGone: true });
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM"]);
  });

  test("escalates to SIGKILL killAfterMs after SIGTERM when both are ignored", async () => {
    const os = new FakeOs();
    os.behaviour = { ignores: ["SIGINT", "SIGTERM"], leavesGroupBehind: false };
    const clock = new FakeClock();
    const child = spawnFake(os);
    const done = terminateFamily(os.familyOf(child.pid, null), child.exited, clock, options);
    await clock.advance(GRACE_MS + KILL_AFTER_MS - 1);
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM"]);
    await clock.advance(1);
    expect(await done).toEqual({ lastSignal: "SIGKILL", familyGone: true });
  });

  test("keeps escalating after the leader exits while its group lives on", async () => {
    const os = new FakeOs();
    os.behaviour = { ignores: [], leavesGroupBehind: true };
    const clock = new FakeClock();
    const child = spawnFake(os);
    let settled = false;
    const done = terminateFamily(os.familyOf(child.pid, null), child.exited, clock, options).finally(() => (settled = true));
    await clock.advance(GRACE_MS);
    expect(os.last.hasExited).toBe(true);
    expect(settled).toBe(false);
    await clock.advance(KILL_AFTER_MS);
    expect(await done).toEqual({ lastSignal: "SIGKILL", familyGone: true });
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM", "SIGKILL"]);
  });

  test("gives up, reporting the family not gone, when even SIGKILL does not empty it", async () => {
    const os = new FakeOs();
    const clock = new FakeClock();
    const child = spawnFake(os);
    const signals: string[] = [];
    const stuck: ProcessFamily = {
      signal: (signal) => void signals.push(signal),
      alivePids: () => [child.pid], // a member in uninterruptible sleep, say
      reapZombies: () => undefined,
    };
    const done = terminateFamily(stuck, Promise.resolve(), clock, options);
    await clock.advance(GRACE_MS + KILL_AFTER_MS + GONE_AFTER_KILL_MS + 100);
    expect(await done).toEqual({ lastSignal: "SIGKILL", familyGone: false });
    expect(signals.slice(0, 3)).toEqual(["SIGINT", "SIGTERM", "SIGKILL"]);
    expect(new Set(signals.slice(3))).toEqual(new Set(["SIGKILL"])); // sent again at every look, for what was forked meanwhile
  });

  test("stops a group it did not spawn, waiting on the group alone", async () => {
    const os = new FakeOs();
    const clock = new FakeClock();
    const orphan = os.addForeignProcess(["tgcf", "live"]);
    const result = await terminateFamily(os.familyOf(orphan.pid, null), Promise.resolve(), clock, options);
    expect(result.familyGone).toBe(true);
    expect(orphan.signals).toEqual(["SIGINT"]);
  });

  test("signals every member of the family, its tagged processes outside the leader's group too", async () => {
    const os = new FakeOs();
    os.behaviour = { ignores: ["SIGINT", "SIGTERM"], leavesGroupBehind: false };
    const clock = new FakeClock();
    const child = spawnFake(os);
    const escaped = os.addForeignProcess(["sleep", "60"], { ignores: ["SIGINT", "SIGTERM"], leavesGroupBehind: false }, "/data");
    const unrelated = os.addForeignProcess(["sleep", "60"], { ignores: ["SIGINT", "SIGTERM"], leavesGroupBehind: false }, "/other-data");
    const done = terminateFamily(os.familyOf(child.pid, "/data"), child.exited, clock, options);
    await clock.advance(GRACE_MS + KILL_AFTER_MS);
    expect(await done).toEqual({ lastSignal: "SIGKILL", familyGone: true });
    expect(escaped.signals).toEqual(["SIGINT", "SIGTERM", "SIGKILL"]);
    expect(unrelated.signals).toEqual([]);
    expect(os.reapings).toBe(1);
  });
});
