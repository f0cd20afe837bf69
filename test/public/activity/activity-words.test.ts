import { describe, expect, test } from "bun:test";
import {
  agoText,
  connectionLabel,
  counterText,
  instanceStallWords,
  pastBar,
  pastFacts,
  pastStateWords,
  pastValueText,
  shownCounters,
  stallWords,
} from "../../../public/activity/activity-words.ts";
import type { ActivityReport, PastProgress } from "../../../public/api/activity.ts";
import { STALL_GAP_FACTOR, STALL_MIN_MESSAGES } from "../../../src/modules/activity/stall";

const past = (partial: Partial<PastProgress> = {}): PastProgress => ({
  current: true,
  startedAt: "2026-01-01T00:00:00.000Z",
  lastForwardedId: 250,
  end: 1_000,
  forwardedThisRun: 40,
  ratePerMinute: 12.5,
  etaSeconds: 3_725,
  ...partial,
});

describe("stall words", () => {
  test("a stalled connection says how long it was silent, the threshold it passed and the rule behind it", () => {
    const words = stallWords({ state: "stalled", medianGapSeconds: 300, silentForSeconds: 7_500, thresholdSeconds: 3_600 });
    expect(words.label).toBe("Stalled");
    expect(words.tone).toBe("bad");
    expect(words.reason).toBe(`Silent for 2 h 5 min, more than 1 h 0 min: ${STALL_GAP_FACTOR}× its usual gap between messages and at least 1 h 0 min (it usually gets a message every 5 min 0 s).`);
  });

  test("learning says what history is still missing; not listening says silence means nothing", () => {
    expect(stallWords({ state: "learning", medianGapSeconds: null, silentForSeconds: 10, thresholdSeconds: null }).reason).toContain(`at least ${STALL_MIN_MESSAGES} messages`);
    expect(stallWords({ state: "not-listening", medianGapSeconds: null, silentForSeconds: null, thresholdSeconds: null }).label).toBe("Not listening");
  });

  test("the instance's stall gives the server's reason", () => {
    const instance = { stalled: true, stallReason: "tgcf has run for more than 30 minutes without printing a line", running: true } as ActivityReport["instance"];
    expect(instanceStallWords(instance)).toEqual({ label: "Stalled", tone: "bad", reason: "tgcf has run for more than 30 minutes without printing a line" });
    expect(instanceStallWords({ ...instance, stalled: false, running: false }).label).toBe("Not running");
  });
});

describe("past-mode progress", () => {
  test("the bar runs from the last forwarded id to the end; without an end there is no bar and the time left is unknown", () => {
    expect(pastBar(past())).toEqual({ value: 250, max: 1_000 });
    expect(pastBar(past({ lastForwardedId: 1_200 }))).toEqual({ value: 1_000, max: 1_000 });
    expect(pastBar(past({ end: null }))).toBeNull();
    expect(Object.fromEntries(pastFacts(past({ end: null, etaSeconds: null })))).toMatchObject({ End: "not set", "Time left": "unknown (no end set)" });
    expect(pastValueText(past({ end: null, lastForwardedId: null }))).toBe("no message forwarded yet; no end set");
  });

  test("the facts read as a person would say them", () => {
    expect(Object.fromEntries(pastFacts(past()))).toEqual({
      "Last forwarded id": "250",
      End: "1000",
      "Forwarded this run": "40",
      Rate: "12.5 a minute",
      "Time left": "1 h 2 min",
    });
    expect(Object.fromEntries(pastFacts(past({ ratePerMinute: 30.69 }))).Rate).toBe("30.7 a minute");
    expect(pastStateWords(past())).toBe("Forwarding now");
    expect(pastStateWords(past({ current: false, lastForwardedId: 1_000 }))).toBe("Reached its end");
    expect(pastStateWords(past({ current: false }))).toBe("Not forwarding now");
    // tgcf went on to the next connection before this one's end: the server's 0 s left would read as done.
    expect(Object.fromEntries(pastFacts(past({ current: false, etaSeconds: 0 })))["Time left"]).toBe("not being forwarded");
    expect(Object.fromEntries(pastFacts(past({ current: false, lastForwardedId: 1_000, etaSeconds: 0 })))["Time left"]).toBe("none");
  });
});

describe("counts", () => {
  test("durations read as durations, and rare counters only show once they counted something", () => {
    expect(counterText("runningSeconds", 3_700)).toBe("1 h 1 min");
    expect(counterText("received", 12)).toBe("12");
    const allTime = { received: 0, edited: 0, deleted: 2, forwarded: 0, floodWaits: 0, floodWaitSeconds: 0, errors: 0 };
    expect(shownCounters(allTime, "connection")).toEqual(["received", "deleted", "forwarded"]);
  });

  test("a connection without a name is named by its place; times read as how long ago", () => {
    expect(connectionLabel("  ", 1)).toBe("Connection 2");
    expect(connectionLabel("news", 0)).toBe("news");
    expect(agoText("2026-01-01T00:00:00.000Z", Date.parse("2026-01-01T00:03:05.000Z"))).toBe("3 min 5 s ago");
    expect(agoText(null, 0)).toBe("never");
  });
});
