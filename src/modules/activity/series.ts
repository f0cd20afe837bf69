// The activity series of a time range: stored slots summed into points of the asked step, per connection.
import { ApiError } from "../../utils/api-error";
import { COUNTER_INDEX, COUNTERS, INSTANCE_KEY, MESSAGE_COUNTERS, type Counter } from "./counters";
import { HOUR_MS, MINUTE_MS, MINUTE_RETENTION_MS, RESOLUTION_MS, slotOf, type Resolution } from "./buckets";
import type { ActivityStore } from "./store";
import type { ConnectionMap } from "./connections";
import { INSTANCE_COUNTER_NAMES, type ActivityReport } from "./model";

/** The range a query without from gets. */
export const DEFAULT_RANGE_MS = 24 * HOUR_MS;
/** A query without step gets the finest of these giving at most DEFAULT_POINTS points. */
export const STEP_CHOICES_MS = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS, 6 * HOUR_MS, 24 * HOUR_MS];
export const DEFAULT_POINTS = 300;
/** One answer holds at most this many points (per counter and connection). */
export const MAX_SERIES_POINTS = 3_000;

export interface SeriesRange {
  from: number;
  to: number;
  stepMs: number;
  resolution: Resolution;
  start: number;
  points: number;
}

/** The range asked for, checked: ApiError 400 for an unreadable time, an empty range or too many points. */
export function seriesRange(query: { from?: string; to?: string; step?: number }, now: number): SeriesRange {
  const to = query.to === undefined ? now : timeOf(query.to, "to");
  const from = query.from === undefined ? to - DEFAULT_RANGE_MS : timeOf(query.from, "from");
  if (from >= to) throw new ApiError(400, "from must be before to");
  const askedStepMs = query.step === undefined ? defaultStepMs(to - from) : Math.floor(query.step) * 1000;
  // Minute slots only exist for the last 48 hours; a step of an hour or more never needs them.
  const resolution: Resolution = askedStepMs < HOUR_MS && from >= now - MINUTE_RETENTION_MS ? "minute" : "hour";
  const slotMs = RESOLUTION_MS[resolution];
  const stepMs = Math.max(slotMs, Math.ceil(askedStepMs / slotMs) * slotMs);
  const start = Math.floor(from / stepMs) * stepMs;
  const points = Math.ceil((to - start) / stepMs);
  if (points > MAX_SERIES_POINTS) {
    throw new ApiError(400, `${points} points asked for: at most ${MAX_SERIES_POINTS} per answer; use a larger step or a shorter range`);
  }
  return { from, to, stepMs, resolution, start, points };
}

function defaultStepMs(rangeMs: number): number {
  return STEP_CHOICES_MS.find((step) => rangeMs / step <= DEFAULT_POINTS) ?? STEP_CHOICES_MS.at(-1)!;
}

function timeOf(text: string, name: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new ApiError(400, `${name} is not a time: give an ISO 8601 time such as 2026-01-01T00:00:00Z`);
  return ms;
}

type Columns<K extends string = string> = Record<K, number[]>;

/** The points of `range`, summed over chats: the instance's total, each connection's and other's. */
export function buildSeries(store: ActivityStore, range: SeriesRange, map: ConnectionMap): ActivityReport["series"] {
  const slotMs = RESOLUTION_MS[range.resolution];
  const end = range.start + range.points * range.stepMs;
  const rows = store.slots(range.resolution, slotOf(range.start, range.resolution), slotOf(end - 1, range.resolution) + 1);
  const total = columns(COUNTERS, range.points);
  const connections = map.connections.map(() => columns(MESSAGE_COUNTERS, range.points));
  const other = columns(MESSAGE_COUNTERS, range.points);
  for (const { slot, chat, vector } of rows) {
    const point = Math.floor((slot * slotMs - range.start) / range.stepMs);
    if (point < 0 || point >= range.points) continue;
    add(total, COUNTERS, vector, point);
    if (chat === INSTANCE_KEY) continue;
    const index = map.indexOf(chat);
    add(index === undefined ? other : connections[index]!, MESSAGE_COUNTERS, vector, point);
  }
  return {
    resolution: range.resolution,
    stepSeconds: range.stepMs / 1000,
    start: new Date(range.start).toISOString(),
    points: range.points,
    total: instanceColumns(total) as ActivityReport["series"]["total"],
    connections: connections.map((columnsOfConnection, index) => ({ index, ...(columnsOfConnection as ActivityReport["series"]["other"]) })),
    other: other as ActivityReport["series"]["other"],
  };
}

function columns(names: readonly Counter[], points: number): Columns {
  return Object.fromEntries(names.map((name) => [name, new Array<number>(points).fill(0)]));
}

function add(into: Columns, names: readonly Counter[], vector: ArrayLike<number>, point: number): void {
  for (const name of names) into[name]![point]! += vector[COUNTER_INDEX[name]]!;
}

/** runningMs becomes runningSeconds, as the API reports it. */
function instanceColumns(total: Columns): Columns {
  const { runningMs, ...rest } = total;
  const out: Columns = { ...rest, runningSeconds: runningMs!.map((ms) => Math.round(ms / 1000)) };
  return Object.fromEntries(INSTANCE_COUNTER_NAMES.map((name) => [name, out[name]!]));
}
