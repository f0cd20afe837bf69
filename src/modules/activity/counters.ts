// The numbers counted per chat and per minute. One list drives the database columns, the API and /metrics.

/** Counted per source chat: what tgcf did with its messages. */
export const MESSAGE_COUNTERS = ["received", "edited", "deleted", "forwarded", "floodWaits", "floodWaitSeconds", "errors"] as const;
/** Counted for the instance as a whole (stored under INSTANCE_KEY). */
export const RUN_COUNTERS = ["starts", "unexpectedExits", "runningMs"] as const;
export const COUNTERS = [...MESSAGE_COUNTERS, ...RUN_COUNTERS] as const;

export type MessageCounter = (typeof MESSAGE_COUNTERS)[number];
export type RunCounter = (typeof RUN_COUNTERS)[number];
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;
export type MessageCounts = Record<MessageCounter, number>;

/** The key of what belongs to no chat: tgcf's starts and exits, running time, FloodWaits and errors in live mode. */
export const INSTANCE_KEY = "";
/** Counts of chats beyond MAX_TRACKED_CHATS go here (they are reported under "other"). */
export const OVERFLOW_KEY = "overflow";
/** tgcf only logs the chats of its connections; this bounds what a runaway config could make us store. */
export const MAX_TRACKED_CHATS = 500;

export const COUNTER_INDEX: Readonly<Record<Counter, number>> = Object.fromEntries(COUNTERS.map((name, index) => [name, index])) as Record<Counter, number>;

/** A row of counts in COUNTERS order, for the hot path. */
export type CountVector = Float64Array;

export function emptyVector(): CountVector {
  return new Float64Array(COUNTERS.length);
}

export function addVector(into: CountVector, from: ArrayLike<number>): void {
  for (let index = 0; index < COUNTERS.length; index++) into[index]! += from[index]!;
}

export function countsOf(vector: ArrayLike<number>): Counts {
  return Object.fromEntries(COUNTERS.map((name, index) => [name, vector[index] ?? 0])) as Counts;
}

export function messageCountsOf(vector: ArrayLike<number>): MessageCounts {
  return Object.fromEntries(MESSAGE_COUNTERS.map((name) => [name, vector[COUNTER_INDEX[name]] ?? 0])) as MessageCounts;
}

/** snake_case column of a counter: floodWaitSeconds → flood_wait_seconds. */
export function columnOf(counter: Counter): string {
  return counter.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
