// Stall detection on a clock the test sets: the rule's numbers, and the states the activity report gives.
import { afterEach, describe, expect, test } from "bun:test";
import { ActivityService } from "../../../src/modules/activity/service";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../../src/modules/activity/buckets";
import {
  connectionStall,
  medianGapMs,
  SILENT_START_LIMIT_MS,
  STALL_GAP_FACTOR,
  STALL_MIN_HISTORY_MS,
  STALL_MIN_MESSAGES,
  STALL_MIN_SILENCE_MS,
  STALL_RULE,
} from "../../../src/modules/activity/stall";
import { activity } from "../../fixtures/activity/rich-record";
import { FakeInstance, ManualClock, recorderFor, TempDirs } from "./support";

const dirs = new TempDirs();
afterEach(() => dirs.removeAll());

describe("the rule", () => {
  const T0 = Date.parse("2026-01-01T00:00:00Z");
  const everyTenMinutes = (count: number) => Array.from({ length: count }, (_, index) => T0 + index * 10 * MINUTE_MS);

  test("the median gap", () => {
    expect(medianGapMs([])).toBeNull();
    expect(medianGapMs([5])).toBeNull();
    expect(medianGapMs([0, 10, 30])).toBe(15);
    expect(medianGapMs([0, 10, 20, 1_000])).toBe(10);
  });

  test(`stalled after more than ${STALL_GAP_FACTOR}× the median gap, and at least ${STALL_MIN_SILENCE_MS / MINUTE_MS} min`, () => {
    const arrivals = everyTenMinutes(200);
    const last = arrivals.at(-1)!;
    const history = { received: 200, firstAt: T0, arrivals };
    const threshold = STALL_GAP_FACTOR * 10 * MINUTE_MS;
    expect(connectionStall(history, T0, last + threshold).state).toBe("active");
    expect(connectionStall(history, T0, last + threshold + 1)).toEqual({ state: "stalled", medianGapMs: 10 * MINUTE_MS, silentForMs: threshold + 1, thresholdMs: threshold });
  });

  test("a busy source still needs an hour of silence", () => {
    const arrivals = Array.from({ length: 200 }, (_, index) => T0 + DAY_MS + index * 1_000);
    const history = { received: 5_000, firstAt: T0, arrivals };
    expect(connectionStall(history, T0, arrivals.at(-1)! + STALL_MIN_SILENCE_MS).state).toBe("active");
    expect(connectionStall(history, T0, arrivals.at(-1)! + STALL_MIN_SILENCE_MS + 1).state).toBe("stalled");
  });

  test(`learning with fewer than ${STALL_MIN_MESSAGES} messages or less than ${STALL_MIN_HISTORY_MS / HOUR_MS} h of history`, () => {
    const arrivals = everyTenMinutes(STALL_MIN_MESSAGES);
    const farLater = T0 + 30 * DAY_MS;
    expect(connectionStall({ received: STALL_MIN_MESSAGES - 1, firstAt: T0, arrivals }, T0, farLater).state).toBe("learning");
    expect(connectionStall({ received: STALL_MIN_MESSAGES, firstAt: farLater - STALL_MIN_HISTORY_MS + 1, arrivals }, T0, farLater).state).toBe("learning");
    expect(connectionStall({ received: STALL_MIN_MESSAGES, firstAt: farLater - STALL_MIN_HISTORY_MS, arrivals }, T0, farLater).state).toBe("stalled");
  });

  test("silence counts from the last message or tgcf's start, whichever is later; nothing listens when tgcf does not run live", () => {
    const arrivals = everyTenMinutes(200);
    const history = { received: 200, firstAt: T0, arrivals };
    const restartedAt = arrivals.at(-1)! + 5 * DAY_MS;
    expect(connectionStall(history, restartedAt, restartedAt + HOUR_MS).state).toBe("active");
    expect(connectionStall(history, restartedAt, restartedAt + 2 * HOUR_MS).state).toBe("stalled");
    expect(connectionStall(history, null, restartedAt).state).toBe("not-listening");
  });

  test("the rule is stated with its numbers", () => {
    for (const number of [STALL_MIN_MESSAGES, STALL_GAP_FACTOR, STALL_MIN_SILENCE_MS / MINUTE_MS, SILENT_START_LIMIT_MS / MINUTE_MS]) {
      expect(STALL_RULE).toContain(String(number));
    }
  });
});

describe("through the report", () => {
  function setup(clock = new ManualClock(Date.parse("2026-03-01T00:00:00Z")), dataDir = dirs.make()) {
    const instance = new FakeInstance(clock);
    const recorder = recorderFor(dataDir, instance);
    const service = new ActivityService(recorder, { id: "default", status: () => instance.status(), forwards: async () => [{ con_name: "news", source: -1001 }] });
    const stall = async () => (await service.report()).connections[0]!.stall;
    return { clock, dataDir, instance, recorder, service, stall };
  }

  test("a source with a message every 10 minutes for 25 hours turns stalled after 100 minutes of silence, kept across a reopen", async () => {
    const { clock, dataDir, instance, recorder, stall } = setup();
    instance.start("live");
    expect((await stall()).state).toBe("learning");
    for (let message = 0; message < 150; message++) {
      instance.print(activity.received(-1001));
      await Promise.resolve();
      clock.advance(10 * MINUTE_MS);
      if (message % 30 === 0) recorder.flush();
    }
    clock.advance(80 * MINUTE_MS); // 90 minutes since the last message
    expect(await stall()).toEqual({ state: "active", medianGapSeconds: 600, silentForSeconds: 90 * 60, thresholdSeconds: 6_000 });
    clock.advance(11 * MINUTE_MS);
    expect((await stall()).state).toBe("stalled");
    instance.exit("stopped");
    expect((await stall()).state).toBe("not-listening");
    recorder.close();

    // After a server restart the history is still there, and silence counts from tgcf's new start.
    clock.advance(DAY_MS);
    const restarted = setup(clock, dataDir);
    restarted.instance.start("live");
    expect(await restarted.stall()).toEqual({ state: "active", medianGapSeconds: 600, silentForSeconds: 0, thresholdSeconds: 6_000 });
    clock.advance(101 * MINUTE_MS);
    expect((await restarted.stall()).state).toBe("stalled");
    restarted.recorder.close();
  });

  test(`a running tgcf silent for ${SILENT_START_LIMIT_MS / MINUTE_MS} minutes after its start is stalled; one line is enough`, async () => {
    const { clock, instance, service } = setup();
    instance.start("live");
    clock.advance(SILENT_START_LIMIT_MS + 1);
    const silent = (await service.report()).instance;
    expect(silent.stalled).toBe(true);
    expect(silent.stallReason).toContain(`${SILENT_START_LIMIT_MS / MINUTE_MS} minutes`);
    instance.line("stdout", "tgcf");
    expect((await service.report()).instance).toMatchObject({ stalled: false, stallReason: null });
    instance.exit("backoff");
    instance.start("live");
    clock.advance(SILENT_START_LIMIT_MS - 1);
    expect((await service.report()).instance.stalled).toBe(false);
    clock.advance(2);
    expect((await service.report()).instance.stalled).toBe(true);
  });
});
