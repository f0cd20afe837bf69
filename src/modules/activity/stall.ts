// When silence means something is wrong: a usually active source that went quiet, or a tgcf that never said a word.
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./buckets";

/** A source needs this many received messages (within the 90 days kept) before its silence can mean a stall... */
export const STALL_MIN_MESSAGES = 20;
/** ...spread over at least this long (from its first message kept to now). */
export const STALL_MIN_HISTORY_MS = DAY_MS;
/** It is stalled when silent for more than this many times its median gap between two messages... */
export const STALL_GAP_FACTOR = 10;
/** ...and for at least this long, whatever its gaps. */
export const STALL_MIN_SILENCE_MS = HOUR_MS;
/** A running tgcf that has printed no line at all for this long since it started is stalled. */
export const SILENT_START_LIMIT_MS = 30 * MINUTE_MS;

/** The rule in words, for the API docs. */
export const STALL_RULE =
  `A connection is stalled when tgcf runs in live mode and its source, which has a history (at least ${STALL_MIN_MESSAGES} ` +
  `messages received over at least ${STALL_MIN_HISTORY_MS / HOUR_MS} hours), has been silent for more than ` +
  `${STALL_GAP_FACTOR}× its median gap between messages and at least ${STALL_MIN_SILENCE_MS / MINUTE_MS} minutes (silence is counted ` +
  `from its last message or from tgcf's start, whichever is later). The instance is stalled when tgcf has run for ` +
  `${SILENT_START_LIMIT_MS / MINUTE_MS} minutes without printing a single line.`;

export type ConnectionStallState = "active" | "stalled" | "learning" | "not-listening";

export interface ConnectionStall {
  state: ConnectionStallState;
  medianGapMs: number | null;
  silentForMs: number | null;
  /** Silence beyond this is a stall (null while learning). */
  thresholdMs: number | null;
}

export interface ConnectionHistory {
  /** Received messages within the history kept. */
  received: number;
  /** The first of them (ms since the epoch), or null. */
  firstAt: number | null;
  /** Kept arrival times, oldest first. */
  arrivals: readonly number[];
}

/** The median gap between consecutive arrivals, or null with fewer than two. */
export function medianGapMs(arrivals: readonly number[]): number | null {
  if (arrivals.length < 2) return null;
  const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]!).sort((a, b) => a - b);
  const middle = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[middle]! : (gaps[middle - 1]! + gaps[middle]!) / 2;
}

/**
 * The stall state of one connection's source. `listeningSince` is when tgcf (live mode) started running, or null
 * when it is not running in live mode: then nothing listens and silence means nothing.
 */
export function connectionStall(history: ConnectionHistory, listeningSince: number | null, now: number): ConnectionStall {
  const medianGap = medianGapMs(history.arrivals);
  const lastArrival = history.arrivals.at(-1) ?? null;
  const silentFrom = listeningSince === null ? null : Math.max(lastArrival ?? listeningSince, listeningSince);
  const silentForMs = silentFrom === null ? null : Math.max(0, now - silentFrom);
  const enoughHistory =
    history.received >= STALL_MIN_MESSAGES && history.firstAt !== null && now - history.firstAt >= STALL_MIN_HISTORY_MS && medianGap !== null;
  const thresholdMs = enoughHistory ? Math.max(STALL_GAP_FACTOR * medianGap!, STALL_MIN_SILENCE_MS) : null;
  if (listeningSince === null) return { state: "not-listening", medianGapMs: medianGap, silentForMs, thresholdMs };
  if (thresholdMs === null) return { state: "learning", medianGapMs: medianGap, silentForMs, thresholdMs };
  return { state: silentForMs! > thresholdMs ? "stalled" : "active", medianGapMs: medianGap, silentForMs, thresholdMs };
}

/** Whether a running tgcf has been silent since its start for too long. */
export function isSilentStart(run: { startedAt: number; firstLineAt: number | null } | null, running: boolean, now: number): boolean {
  return running && run !== null && run.firstLineAt === null && now - run.startedAt > SILENT_START_LIMIT_MS;
}
