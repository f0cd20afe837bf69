// The activity report: connections, windows, series and past-mode progress, on a clock the test sets.
import { afterEach, describe, expect, test } from "bun:test";
import { ActivityService } from "../../../src/modules/activity/service";
import type { ForwardLike } from "../../../src/modules/activity/connections";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../../src/modules/activity/buckets";
import { MAX_SERIES_POINTS } from "../../../src/modules/activity/series";
import { ApiError } from "../../../src/utils/api-error";
import { activity } from "../../fixtures/activity/rich-record";
import { FakeInstance, ManualClock, recorderFor, TempDirs } from "./support";

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

const FORWARDS: ForwardLike[] = [
  { con_name: "news", use_this: true, source: -1001, end: null },
  { con_name: "by name", use_this: true, source: "@channel" },
  { con_name: "numeric text", use_this: true, source: " -1003 " },
  { con_name: "disabled twin", use_this: false, source: -1001 },
  { con_name: "history", use_this: true, source: -1004, end: 20 },
];

function setup(forwards: ForwardLike[] = FORWARDS) {
  const clock = new ManualClock(Date.parse("2026-03-01T12:00:30.000Z"));
  const instance = new FakeInstance(clock);
  const recorder = recorderFor(dirs.make(), instance);
  const service = new ActivityService(recorder, { id: "default", status: () => instance.status(), forwards: async () => forwards });
  const print = async (...records: Parameters<FakeInstance["print"]>[0][]) => {
    for (const record of records) instance.print(record);
    await Promise.resolve();
  };
  return { clock, instance, recorder, service, print };
}

test("counts go to the connection whose numeric source matches; @username sources and unknown chats are other", async () => {
  const { instance, service, print } = setup();
  instance.start("live");
  await print(activity.received(-1001), activity.received(-1001), activity.edited(-1001), activity.received(-1003), activity.received(-1009), activity.deleted(-1003));
  const report = await service.report();
  const allTime = (index: number) => report.connections[index]!.counters.allTime;
  expect(report.connections.map((connection) => [connection.name, connection.chatId])).toEqual([
    ["news", "-1001"],
    ["by name", null],
    ["numeric text", "-1003"],
    ["disabled twin", "-1001"],
    ["history", "-1004"],
  ]);
  expect([allTime(0).received, allTime(0).edited]).toEqual([2, 1]);
  expect(allTime(1).received).toBe(0);
  expect([allTime(2).received, allTime(2).deleted]).toEqual([1, 1]);
  expect(allTime(3).received).toBe(0); // the chat counts once, for the first enabled connection
  expect(report.other.counters.allTime.received).toBe(1);
  expect(report.instance.counters.allTime).toMatchObject({ received: 4, edited: 1, deleted: 1, starts: 1 });
  expect(report.connections[0]!.lastMessageAt).toBe(new Date(instance.clock.now()).toISOString());
  expect(report.other.lastMessageAt).not.toBeNull();
  expect(report.instance).toMatchObject({ id: "default", state: "running", mode: "live", running: true, stalled: false });
});

test("windows: last hour and day from minute slots, 30 days from hour slots, all time from totals", async () => {
  const { clock, instance, service, print } = setup();
  instance.start("live");
  instance.exit("stopped"); // no running time to count over the jumps below
  await print(activity.received(-1001));
  clock.advance(2 * HOUR_MS);
  await print(activity.received(-1001));
  clock.advance(2 * DAY_MS);
  await print(activity.received(-1001));
  clock.advance(40 * DAY_MS);
  const counters = (await service.report()).connections[0]!.counters;
  expect([counters.lastHour.received, counters.lastDay.received, counters.last30Days.received, counters.allTime.received]).toEqual([0, 0, 0, 3]);
  clock.advance(-39 * DAY_MS);
  const later = (await service.report()).connections[0]!.counters;
  expect([later.lastHour.received, later.lastDay.received, later.last30Days.received, later.allTime.received]).toEqual([0, 0, 3, 3]);
});

test("windows: the minute just begun is in the last hour", async () => {
  const { instance, service, print } = setup();
  instance.start("live");
  await print(activity.received(-1001), activity.received(-1003));
  const report = await service.report();
  expect(report.connections[0]!.counters.lastHour.received).toBe(1);
  expect(report.instance.counters.lastHour.received).toBe(2);
  expect(report.instance.counters.lastDay.starts).toBe(1);
});

describe("series", () => {
  test("the last 24 hours in 5-minute points by default, each count in its point", async () => {
    const { clock, instance, service, print } = setup();
    instance.start("live");
    await print(activity.received(-1001));
    clock.advance(7 * MINUTE_MS);
    await print(activity.received(-1001), activity.received(-1009));
    const { series } = await service.report();
    expect(series.resolution).toBe("minute");
    expect(series.stepSeconds).toBe(300);
    expect(series.points).toBeGreaterThanOrEqual(288);
    expect(series.points).toBeLessThanOrEqual(289);
    const received = series.connections[0]!.received!;
    expect(received.reduce((a, b) => a + b, 0)).toBe(2);
    expect(received.at(-1)).toBe(1);
    expect(received.at(-2)).toBe(1);
    expect(series.other.received!.at(-1)).toBe(1);
    expect(series.total.received!.at(-1)).toBe(2);
    expect(series.total.starts!.reduce((a, b) => a + b, 0)).toBe(1);
    expect(series.total.runningSeconds!.reduce((a, b) => a + b, 0)).toBe(7 * 60);
    expect(Date.parse(series.start) % (300 * 1000)).toBe(0);
  });

  test("beyond 48 hours, hour slots; a step is rounded up to whole slots", async () => {
    const { clock, service } = setup();
    const to = new Date(clock.now()).toISOString();
    const tenDays = await service.report({ from: new Date(clock.now() - 10 * DAY_MS).toISOString(), to });
    expect([tenDays.series.resolution, tenDays.series.stepSeconds]).toEqual(["hour", 3600]);
    const odd = await service.report({ from: new Date(clock.now() - HOUR_MS).toISOString(), to, step: 90 });
    expect([odd.series.resolution, odd.series.stepSeconds]).toEqual(["minute", 120]);
    const coarse = await service.report({ from: new Date(clock.now() - 3 * DAY_MS).toISOString(), to, step: 600 });
    expect([coarse.series.resolution, coarse.series.stepSeconds]).toEqual(["hour", 3600]);
  });

  test("bad ranges are refused with what to do", async () => {
    const { clock, service } = setup();
    const now = clock.now();
    const refusal = async (query: Parameters<ActivityService["report"]>[0]) => {
      const error = await service.report(query).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(400);
      return (error as ApiError).message;
    };
    expect(await refusal({ from: "yesterday" })).toContain("ISO 8601");
    expect(await refusal({ from: new Date(now).toISOString(), to: new Date(now - 1).toISOString() })).toContain("before");
    expect(await refusal({ from: new Date(now - 200 * DAY_MS).toISOString(), step: 60 })).toContain(`at most ${MAX_SERIES_POINTS}`);
  });
});

test("past mode: last forwarded id, the connection's end, messages this run, rate and time left", async () => {
  const { clock, instance, service, print } = setup();
  instance.start("past");
  await print(activity.pastConnection(-1004, [-2]));
  for (const id of [10, 12, 14]) {
    clock.advance(1_000);
    await print(activity.forwarded(id), activity.slept(1));
  }
  const past = (await service.report()).connections[4]!.past;
  expect(past).toMatchObject({ current: true, lastForwardedId: 14, end: 20, forwardedThisRun: 3, etaSeconds: 3 });
  expect(past!.ratePerMinute).toBe(60);
  await print(activity.pastConnection(-1001, [-2]));
  const after = (await service.report()).connections;
  // tgcf moved on at id 14 of 20: not "done in 0 s", just no longer being forwarded.
  expect(after[4]!.past).toMatchObject({ current: false, lastForwardedId: 14, etaSeconds: null });
  expect(after[0]!.past).toMatchObject({ current: true, lastForwardedId: null, end: null, forwardedThisRun: 0, etaSeconds: null });
  expect(after[4]!.counters.allTime.forwarded).toBe(3);
});
