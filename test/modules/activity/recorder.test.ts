// The recorder on a fake clock: counts in memory, batched writes, run events, the database file and its bounds.
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COUNTER_INDEX, INSTANCE_KEY, MAX_TRACKED_CHATS, OVERFLOW_KEY } from "../../../src/modules/activity/counters";
import { HOUR_MS, MINUTE_MS, slotOf } from "../../../src/modules/activity/buckets";
import { FLUSH_INTERVAL_MS, PRUNE_INTERVAL_MS } from "../../../src/modules/activity/recorder";
import { ACTIVITY_DB_MODE, activityDbPath, DAMAGED_SUFFIX } from "../../../src/modules/activity/store-file";
import { activity } from "../../fixtures/activity/rich-record";
import { FakeClock, FakeInstance, ManualClock, recorderFor, TempDirs } from "./support";

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

const CHAT = "-1001234567890";
const OTHER_CHAT = "-1009876543210";
const count = (vector: Float64Array | undefined, counter: keyof typeof COUNTER_INDEX) => vector?.[COUNTER_INDEX[counter]] ?? 0;

function setup(layout?: { width: number; color: boolean }) {
  const dataDir = dirs.make();
  const clock = new FakeClock();
  const instance = new FakeInstance(clock, layout);
  const reports: string[] = [];
  const recorder = recorderFor(dataDir, instance, reports);
  return { dataDir, clock, instance, recorder, reports };
}

/** With time that jumps without firing the flush timer. */
function setupManual() {
  const dataDir = dirs.make();
  const clock = new ManualClock();
  const instance = new FakeInstance(clock);
  const recorder = recorderFor(dataDir, instance);
  return { dataDir, clock, instance, recorder };
}

describe("counting", () => {
  test.each([
    [80, false],
    [80, true],
    [200, false],
    [200, true],
  ])("live activity in %i columns (colour %p) is counted per chat, and written only at a flush", async (width, color) => {
    const { instance, recorder } = setup({ width, color });
    instance.start("live");
    instance.print(activity.handlerAdded("new"));
    instance.print(activity.received(CHAT));
    instance.print(activity.received(CHAT));
    instance.print(activity.edited(CHAT));
    instance.print(activity.deleted(CHAT));
    instance.print(activity.received(OTHER_CHAT));
    instance.print(activity.telethonFloodWait(27));
    instance.print({ level: "ERROR", message: "Unhandled exception on new_message_handler", source: "telethon/client/updates.py", line: 520 });
    await Promise.resolve();
    expect(recorder.store.totals().size).toBe(0);
    recorder.flush();
    const totals = recorder.store.totals();
    expect([count(totals.get(CHAT), "received"), count(totals.get(CHAT), "edited"), count(totals.get(CHAT), "deleted")]).toEqual([2, 1, 1]);
    expect(count(totals.get(OTHER_CHAT), "received")).toBe(1);
    expect(count(totals.get(INSTANCE_KEY), "floodWaits")).toBe(1);
    expect(count(totals.get(INSTANCE_KEY), "floodWaitSeconds")).toBe(27);
    expect(count(totals.get(INSTANCE_KEY), "errors")).toBe(1);
    expect(count(totals.get(INSTANCE_KEY), "starts")).toBe(1);
    expect(recorder.lastActivityAt()).toBe(instance.clock.now());
    expect(recorder.run()?.listeningSince).toBe(instance.clock.now());
    recorder.close();
  });

  test("past mode: forwarded messages, FloodWaits and errors belong to the connection being forwarded; progress per run", async () => {
    const { clock, instance, recorder } = setup();
    instance.start("past");
    instance.print(activity.pastConnection(CHAT, [-1002]));
    for (const id of [10, 11, 13]) {
      await clock.advance(1_000);
      instance.print(activity.forwarded(id));
      instance.print(activity.slept(1));
    }
    instance.print(activity.floodWait(30));
    instance.print(activity.error("The message cannot be empty unless a file is provided"));
    instance.print(activity.pastConnection(OTHER_CHAT, [-1002]));
    instance.print(activity.forwarded(5));
    await Promise.resolve();
    recorder.flush();
    const totals = recorder.store.totals();
    expect(count(totals.get(CHAT), "forwarded")).toBe(3);
    expect(count(totals.get(CHAT), "floodWaits")).toBe(1);
    expect(count(totals.get(CHAT), "floodWaitSeconds")).toBe(30);
    expect(count(totals.get(CHAT), "errors")).toBe(1);
    expect(count(totals.get(OTHER_CHAT), "forwarded")).toBe(1);
    const first = recorder.run()!.past.get(CHAT)!;
    expect(first).toMatchObject({ firstId: 10, lastId: 13, forwarded: 3 });
    expect(first.finishedAt).not.toBeNull();
    expect(recorder.run()!.past.get(OTHER_CHAT)).toMatchObject({ lastId: 5, forwarded: 1, finishedAt: null });
    recorder.close();
  });

  test("a start, a requested stop, an unexpected exit and a finished past run; running time split into minutes", async () => {
    const { clock, instance, recorder } = setup();
    await clock.advance(MINUTE_MS - (clock.now() % MINUTE_MS) - 30_000); // 30 s before a minute starts
    instance.start("live");
    await clock.advance(90_000);
    instance.exit("backoff", 1);
    instance.start("live");
    await clock.advance(10_000);
    instance.exit("stopped", 1);
    instance.start("past");
    await clock.advance(5_000);
    instance.exit("exited", 0);
    instance.start("past");
    instance.exit("exited", 1);
    recorder.flush();
    const total = recorder.store.totals().get(INSTANCE_KEY);
    expect(count(total, "starts")).toBe(4);
    expect(count(total, "unexpectedExits")).toBe(2);
    expect(count(total, "runningMs")).toBe(105_000);
    const minutes = recorder.store.slots("minute", 0, Number.MAX_SAFE_INTEGER).filter((row) => row.chat === INSTANCE_KEY);
    expect(minutes.map((row) => count(row.vector, "runningMs"))).toEqual([30_000, 60_000, 15_000]);
    recorder.close();
  });

  test("running time is counted up to each flush while tgcf runs", async () => {
    const { clock, instance, recorder } = setup();
    instance.start("live");
    await clock.advance(FLUSH_INTERVAL_MS);
    expect(count(recorder.store.totals().get(INSTANCE_KEY), "runningMs")).toBe(FLUSH_INTERVAL_MS);
    await clock.advance(FLUSH_INTERVAL_MS);
    expect(count(recorder.store.totals().get(INSTANCE_KEY), "runningMs")).toBe(2 * FLUSH_INTERVAL_MS);
    recorder.close();
  });

  test(`chats beyond ${MAX_TRACKED_CHATS} are counted together`, async () => {
    const { instance, recorder } = setup();
    instance.start("live");
    for (let chat = 1; chat <= MAX_TRACKED_CHATS + 5; chat++) instance.print(activity.received(-chat));
    await Promise.resolve();
    recorder.flush();
    const totals = recorder.store.totals();
    expect(count(totals.get(OVERFLOW_KEY), "received")).toBeGreaterThanOrEqual(5);
    expect(totals.size).toBeLessThanOrEqual(MAX_TRACKED_CHATS + 2);
    recorder.close();
  });
});

describe("the database", () => {
  test("counts survive a reopen, in minute and hour slots and in totals", async () => {
    const { dataDir, clock, instance, recorder } = setup();
    instance.start("live");
    instance.print(activity.received(CHAT));
    await Promise.resolve();
    recorder.close();
    const reopened = recorderFor(dataDir, new FakeInstance(clock));
    expect(count(reopened.store.totals().get(CHAT), "received")).toBe(1);
    expect(reopened.store.slots("minute", slotOf(clock.now(), "minute"), slotOf(clock.now(), "minute") + 1)).toHaveLength(2);
    expect(count(reopened.store.sumsSince("hour", slotOf(clock.now(), "hour")).get(CHAT), "received")).toBe(1);
    expect(reopened.arrivals().get(CHAT)).toEqual([clock.now()]);
    reopened.close();
  });

  test("the last message's time survives a reopen for edits and past-mode forwards too, to the minute", async () => {
    const { dataDir, clock, instance, recorder } = setup();
    instance.start("live");
    instance.print(activity.edited(CHAT));
    await Promise.resolve();
    const editedAt = clock.now();
    await clock.advance(5 * MINUTE_MS);
    instance.start("past");
    instance.print(activity.pastConnection(OTHER_CHAT, [-1002]));
    instance.print(activity.forwarded(7));
    await Promise.resolve();
    const forwardedAt = clock.now();
    recorder.close();
    const reopened = recorderFor(dataDir, new FakeInstance(clock));
    const minuteStart = (at: number) => slotOf(at, "minute") * MINUTE_MS;
    expect(reopened.lastMessages().get(CHAT)).toBe(minuteStart(editedAt));
    expect(reopened.lastMessages().get(OTHER_CHAT)).toBe(minuteStart(forwardedAt));
    reopened.close();
  });

  test("is the owner's alone (0600), with its -wal and -shm, in WAL mode", async () => {
    const { dataDir, instance, recorder } = setup();
    instance.start("live");
    instance.print(activity.received(CHAT));
    await Promise.resolve();
    recorder.flush();
    const path = activityDbPath(dataDir);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(statSync(file).mode & 0o777, file).toBe(ACTIVITY_DB_MODE);
    }
    recorder.close();
  });

  test("a link in its place is refused, never followed: counting goes on in memory and says so", () => {
    const dataDir = dirs.make();
    const elsewhere = join(dirs.make(), "target.sqlite");
    writeFileSync(elsewhere, "");
    mkdirSync(join(dataDir, ".tgcf-server"), { mode: 0o700 });
    symlinkSync(elsewhere, activityDbPath(dataDir));
    const reports: string[] = [];
    const recorder = recorderFor(dataDir, new FakeInstance(new FakeClock()), reports);
    expect(reports.join("\n")).toMatch(/kept in memory only.*symbolic link/);
    expect(lstatSync(activityDbPath(dataDir)).isSymbolicLink()).toBe(true);
    expect(statSync(elsewhere).size).toBe(0);
    recorder.close();
  });

  test("a damaged file is set aside and counting starts afresh", () => {
    const dataDir = dirs.make();
    mkdirSync(join(dataDir, ".tgcf-server"), { mode: 0o700 });
    writeFileSync(activityDbPath(dataDir), "this is not a database, it is just some text that is long enough".repeat(100));
    const reports: string[] = [];
    const recorder = recorderFor(dataDir, new FakeInstance(new FakeClock()), reports);
    expect(reports.join("\n")).toContain("damaged");
    expect(existsSync(activityDbPath(dataDir) + DAMAGED_SUFFIX)).toBe(true);
    expect(recorder.store.totals().size).toBe(0);
    recorder.close();
  });

  test("minute slots older than 48 hours and hour slots older than 90 days are pruned", async () => {
    const { clock, instance, recorder } = setupManual();
    instance.start("live");
    instance.print(activity.received(CHAT));
    await Promise.resolve();
    recorder.flush();
    const firstMinute = slotOf(clock.now(), "minute");
    clock.advance(49 * HOUR_MS);
    recorder.flush();
    expect(recorder.store.slots("minute", firstMinute, firstMinute + 1)).toEqual([]);
    expect(recorder.store.slots("hour", 0, Number.MAX_SAFE_INTEGER).some((row) => row.chat === CHAT)).toBe(true);
    instance.exit("stopped");
    clock.advance(91 * 24 * HOUR_MS);
    recorder.flush();
    expect(recorder.store.slots("hour", 0, Number.MAX_SAFE_INTEGER).some((row) => row.chat === CHAT)).toBe(false);
    expect(count(recorder.store.totals().get(CHAT), "received")).toBe(1);
    expect(PRUNE_INTERVAL_MS).toBeLessThan(HOUR_MS);
    recorder.close();
  });

  test("the size bound drops the oldest slots first", async () => {
    const { clock, instance, recorder } = setupManual();
    instance.start("live");
    for (let minute = 0; minute < 600; minute++) {
      for (let chat = 1; chat <= 20; chat++) instance.print(activity.received(-chat));
      await Promise.resolve();
      clock.advance(MINUTE_MS);
    }
    recorder.flush();
    const before = recorder.store.sizeBytes();
    const oldest = Math.min(...recorder.store.slots("minute", 0, Number.MAX_SAFE_INTEGER).map((row) => row.slot));
    const rounds = recorder.store.enforceSizeLimit(before / 2);
    expect(rounds).toBeGreaterThan(0);
    expect(recorder.store.sizeBytes()).toBeLessThanOrEqual(before / 2);
    const remaining = recorder.store.slots("minute", 0, Number.MAX_SAFE_INTEGER).map((row) => row.slot);
    expect(Math.min(...remaining)).toBeGreaterThan(oldest);
    expect(Math.max(...remaining)).toBe(slotOf(clock.now(), "minute") - 1);
    recorder.close();
  });
});
