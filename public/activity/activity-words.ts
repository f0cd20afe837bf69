// What the activity numbers read as: counter and window names, why a connection is (not) stalled, past-mode facts.
// Pure: the thresholds come from the server's own stall rule, so the words cannot drift from what it decides.
import type { InstanceCountsOut } from "../../src/modules/activity/model";
import { STALL_GAP_FACTOR, STALL_MIN_HISTORY_MS, STALL_MIN_MESSAGES, STALL_MIN_SILENCE_MS } from "../../src/modules/activity/stall";
import type { ActivityReport, PastProgress, Stall } from "../api/activity.ts";
import { formatDuration } from "../lib/format.ts";

export type CounterName = keyof InstanceCountsOut;
export type WindowName = keyof ActivityReport["instance"]["counters"];

/** Every counter the server reports has a name here (a counter added to its schema fails the type check until named). */
export const COUNTER_LABELS: Readonly<Record<CounterName, string>> = {
  received: "Received",
  edited: "Edited",
  deleted: "Deleted",
  forwarded: "Forwarded by past mode",
  floodWaits: "FloodWaits",
  floodWaitSeconds: "FloodWait time",
  errors: "Errors",
  starts: "Starts",
  unexpectedExits: "Unexpected exits",
  runningSeconds: "Time running",
};

export const WINDOW_LABELS: Readonly<Record<WindowName, string>> = {
  lastHour: "Last hour",
  lastDay: "Last day",
  last30Days: "Last 30 days",
  allTime: "All time",
};
export const WINDOWS = Object.keys(WINDOW_LABELS) as WindowName[];

/** Rows every connection shows; the others only once they counted something. */
const ALWAYS_SHOWN: ReadonlySet<CounterName> = new Set(["received", "forwarded", "starts", "unexpectedExits", "runningSeconds", "floodWaits", "floodWaitSeconds", "errors"]);
const CONNECTION_ALWAYS_SHOWN: ReadonlySet<CounterName> = new Set(["received", "forwarded"]);

/** The counters a table shows, in the order the server sends them: the usual ones, and any other that ever counted. */
export function shownCounters<K extends CounterName>(allTime: Readonly<Record<K, number>>, scope: "instance" | "connection"): K[] {
  const always = scope === "instance" ? ALWAYS_SHOWN : CONNECTION_ALWAYS_SHOWN;
  return (Object.keys(allTime) as K[]).filter((name) => always.has(name) || allTime[name] > 0);
}

const numberFormat = new Intl.NumberFormat();
/** Rates are estimates: one decimal says enough. */
const rateFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** A counter's value as it reads: durations for the seconds counters, numbers otherwise. */
export function counterText(name: CounterName, value: number): string {
  return name === "floodWaitSeconds" || name === "runningSeconds" ? formatDuration(value) : formatCount(value);
}

/** "3 min 5 s ago", or "never". */
export function agoText(iso: string | null, now: number): string {
  if (iso === null) return "never";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${formatDuration((now - ms) / 1000)} ago`;
}

export type Tone = "good" | "bad" | "neutral";

export interface StallWords {
  label: string;
  tone: Tone;
  /** Why, with the numbers the server used. */
  reason: string;
}

const duration = (seconds: number | null) => (seconds === null ? "an unknown time" : formatDuration(seconds));
const MIN_SILENCE = formatDuration(STALL_MIN_SILENCE_MS / 1000);

/** The badge and the reason of a connection's stall state. */
export function stallWords(stall: Stall): StallWords {
  const usual = stall.medianGapSeconds === null ? "" : ` (it usually gets a message every ${formatDuration(stall.medianGapSeconds)})`;
  switch (stall.state) {
    case "stalled":
      return {
        label: "Stalled",
        tone: "bad",
        reason:
          `Silent for ${duration(stall.silentForSeconds)}, more than ${duration(stall.thresholdSeconds)}: ` +
          `${STALL_GAP_FACTOR}× its usual gap between messages and at least ${MIN_SILENCE}${usual}.`,
      };
    case "active":
      return {
        label: "Active",
        tone: "good",
        reason: `Silent for ${duration(stall.silentForSeconds)}; it counts as stalled after ${duration(stall.thresholdSeconds)} of silence${usual}.`,
      };
    case "learning":
      return {
        label: "Learning",
        tone: "neutral",
        reason:
          `Not enough history yet to tell a stall: it needs at least ${STALL_MIN_MESSAGES} messages received ` +
          `over at least ${formatDuration(STALL_MIN_HISTORY_MS / 1000)}.`,
      };
    case "not-listening":
      return { label: "Not listening", tone: "neutral", reason: "tgcf is not running in live mode, so silence here means nothing." };
  }
}

/** The instance's stall: the server's reason when stalled. */
export function instanceStallWords(instance: ActivityReport["instance"]): StallWords {
  if (instance.stalled) return { label: "Stalled", tone: "bad", reason: instance.stallReason ?? "tgcf has printed nothing since it started." };
  if (!instance.running) return { label: "Not running", tone: "neutral", reason: "tgcf is not running." };
  return { label: "Active", tone: "good", reason: "tgcf has printed since it started." };
}

/** The bar's value and maximum, or null when there is no end to measure against. */
export function pastBar(past: PastProgress): { value: number; max: number } | null {
  if (past.end === null) return null;
  return { value: Math.min(Math.max(past.lastForwardedId ?? 0, 0), past.end), max: past.end };
}

function reachedEnd(past: PastProgress): boolean {
  return past.end !== null && past.lastForwardedId !== null && past.lastForwardedId >= past.end;
}

export function pastStateWords(past: PastProgress): string {
  if (past.current) return "Forwarding now";
  return reachedEnd(past) ? "Reached its end" : "Not forwarding now";
}

/** The server's estimate, unless there is nothing to estimate: no end, the end reached, or tgcf not on this connection. */
function timeLeftWords(past: PastProgress): string {
  if (past.end === null) return "unknown (no end set)";
  if (reachedEnd(past)) return "none";
  if (!past.current) return "not being forwarded";
  return past.etaSeconds === null ? "not known yet" : formatDuration(past.etaSeconds);
}

/** The bar's words for a screen reader: where it is, of what. */
export function pastValueText(past: PastProgress): string {
  const at = past.lastForwardedId === null ? "no message forwarded yet" : `message ${formatCount(past.lastForwardedId)}`;
  return past.end === null ? `${at}; no end set` : `${at} of ${formatCount(past.end)}`;
}

export const NO_END_WORDS = "No end set: tgcf forwards up to the newest message, so the time left is unknown.";

/** Name and value of each fact of a connection's past-mode progress. */
export function pastFacts(past: PastProgress): Array<[string, string]> {
  return [
    ["Last forwarded id", past.lastForwardedId === null ? "none yet" : String(past.lastForwardedId)],
    ["End", past.end === null ? "not set" : String(past.end)],
    ["Forwarded this run", formatCount(past.forwardedThisRun)],
    ["Rate", past.ratePerMinute === null ? "not known yet" : `${rateFormat.format(past.ratePerMinute)} a minute`],
    ["Time left", timeLeftWords(past)],
  ];
}

/** A connection's name as the config gives it, or its place ("Connection 2") when it has none. */
export function connectionLabel(name: string, index: number): string {
  return name.trim() === "" ? `Connection ${index + 1}` : name;
}
