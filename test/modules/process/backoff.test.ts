import { describe, expect, test } from "bun:test";
import {
  BACKOFF_MAX_MS,
  backoffDelayMs,
  CrashTracker,
  QUICK_EXIT_WINDOW_MS,
  QUICK_EXITS_BEFORE_FATAL,
} from "../../../src/modules/process/backoff";

const QUICK_RUN_MS = 1_000;
const LONG_RUN_MS = QUICK_EXIT_WINDOW_MS + 1;

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
    expect(verdicts.map((verdict) => verdict.fatal)).toEqual([false, false, false, false, true]);
    expect(verdicts.map((verdict) => verdict.delayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  test("a run longer than 10 s resets both the quick-exit count and the backoff", () => {
    const crashes = new CrashTracker();
    for (let exit = 0; exit < QUICK_EXITS_BEFORE_FATAL - 1; exit++) crashes.recordUnexpectedExit(QUICK_RUN_MS);
    expect(crashes.recordUnexpectedExit(LONG_RUN_MS)).toEqual({ quickExits: 0, fatal: false, delayMs: 2_000 });
    expect(crashes.recordUnexpectedExit(QUICK_RUN_MS)).toEqual({ quickExits: 1, fatal: false, delayMs: 4_000 });
  });

  test("a run of exactly 10 s still counts as quick", () => {
    const crashes = new CrashTracker();
    expect(crashes.recordUnexpectedExit(QUICK_EXIT_WINDOW_MS).quickExits).toBe(1);
  });

  test("reset() starts counting afresh", () => {
    const crashes = new CrashTracker();
    crashes.recordUnexpectedExit(QUICK_RUN_MS);
    crashes.recordUnexpectedExit(QUICK_RUN_MS);
    crashes.reset();
    expect(crashes.recordUnexpectedExit(QUICK_RUN_MS)).toEqual({ quickExits: 1, fatal: false, delayMs: 2_000 });
  });
});
