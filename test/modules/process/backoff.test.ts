import { describe, expect, test } from "bun:test";
import {
  BACKOFF_MAX_MS,
  backoffDelayMs,
  CrashTracker,
  HEALTHY_AFTER_MS,
  MAX_RESTARTS_PER_HOUR,
  QUICK_EXIT_WINDOW_MS,
  QUICK_EXITS_BEFORE_FATAL,
} from "../../../src/modules/process/backoff";

const QUICK_RUN_MS = 1_000;
/** Longer than a quick exit, shorter than a healthy run: tgcf failing after 30 s (MongoDB, dropped traffic). */
const FAILING_RUN_MS = 30_000;

/** A tracker on a clock the test moves: each exit happens after its run and the delay before it. */
function trackerWithClock() {
  let now = 0;
  const crashes = new CrashTracker(undefined, () => now);
  return { crashes, advance: (ms: number) => (now += ms) };
}

describe("backoffDelayMs", () => {
  test("doubles from 2 s and stops at 5 min", () => {
    expect([1, 2, 3, 4].map(backoffDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(backoffDelayMs(8)).toBe(256_000);
    expect(backoffDelayMs(9)).toBe(BACKOFF_MAX_MS);
    expect(backoffDelayMs(1_000)).toBe(BACKOFF_MAX_MS);
  });
});

describe("CrashTracker", () => {
  test("is fatal at the fifth quick exit in a row, not before", () => {
    const crashes = new CrashTracker();
    const verdicts = Array.from({ length: QUICK_EXITS_BEFORE_FATAL }, () => crashes.recordUnexpectedExit(QUICK_RUN_MS));
    expect(verdicts.map((verdict) => verdict.fatal)).toEqual([null, null, null, null, "quick-exits"]);
    expect(verdicts.map((verdict) => verdict.delayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  test("long failing runs still lengthen the delay: a run of 30 s is no reason to start again at 2 s", () => {
    const { crashes, advance } = trackerWithClock();
    const delays: number[] = [];
    for (let exit = 0; exit < 6; exit++) {
      advance(FAILING_RUN_MS);
      const verdict = crashes.recordUnexpectedExit(FAILING_RUN_MS);
      delays.push(verdict.delayMs);
      advance(verdict.delayMs);
    }
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000]);
  });

  test("a run that is not quick ends a series of quick exits, but not the backoff", () => {
    const crashes = new CrashTracker();
    for (let exit = 0; exit < QUICK_EXITS_BEFORE_FATAL - 1; exit++) crashes.recordUnexpectedExit(QUICK_RUN_MS);
    expect(crashes.recordUnexpectedExit(FAILING_RUN_MS)).toMatchObject({ quickExits: 0, fatal: null, delayMs: 32_000 });
    expect(crashes.recordUnexpectedExit(QUICK_RUN_MS)).toMatchObject({ quickExits: 1, fatal: null, delayMs: 64_000 });
  });

  test("a healthy run (5 minutes by default) starts the delays afresh", () => {
    const crashes = new CrashTracker();
    for (let exit = 0; exit < 3; exit++) crashes.recordUnexpectedExit(FAILING_RUN_MS);
    expect(crashes.recordUnexpectedExit(HEALTHY_AFTER_MS - 1).delayMs).toBe(16_000);
    expect(crashes.recordUnexpectedExit(HEALTHY_AFTER_MS).delayMs).toBe(2_000);
  });

  test("more than 10 automatic restarts within an hour are fatal, however long the runs", () => {
    const { crashes, advance } = trackerWithClock();
    const capped = new CrashTracker({ healthyAfterMs: HEALTHY_AFTER_MS, maxRestartsPerHour: MAX_RESTARTS_PER_HOUR }, () => 0);
    for (let restart = 1; restart <= MAX_RESTARTS_PER_HOUR; restart++) expect(capped.recordUnexpectedExit(FAILING_RUN_MS).fatal).toBeNull();
    expect(capped.recordUnexpectedExit(FAILING_RUN_MS)).toMatchObject({ fatal: "restarts-per-hour", restartsThisHour: 11 });
    // Spread over more than an hour, the same number of restarts is allowed.
    for (let restart = 0; restart < 20; restart++) {
      advance(7 * 60_000);
      expect(crashes.recordUnexpectedExit(HEALTHY_AFTER_MS + 1).fatal).toBeNull();
    }
  });

  test("a run of exactly 10 s still counts as quick", () => {
    const crashes = new CrashTracker();
    expect(crashes.recordUnexpectedExit(QUICK_EXIT_WINDOW_MS).quickExits).toBe(1);
  });

  test("reset() (a person started tgcf) starts counting afresh, the hourly count too", () => {
    const crashes = new CrashTracker({ healthyAfterMs: HEALTHY_AFTER_MS, maxRestartsPerHour: 2 }, () => 0);
    crashes.recordUnexpectedExit(QUICK_RUN_MS);
    crashes.recordUnexpectedExit(QUICK_RUN_MS);
    crashes.reset();
    expect(crashes.recordUnexpectedExit(QUICK_RUN_MS)).toMatchObject({ quickExits: 1, fatal: null, delayMs: 2_000, restartsThisHour: 1 });
  });
});
