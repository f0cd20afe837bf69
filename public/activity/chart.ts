// The activity chart's pure parts: the ranges a person picks, one SVG path per series, the axes' labels and the
// summary a screen reader gets instead of the picture. No DOM, so tests call it directly.
import type { ActivityQuery } from "../../src/modules/activity/model";
import { DAY_MS, HOUR_MS, MINUTE_MS, MINUTE_RETENTION_MS } from "../../src/modules/activity/buckets";

export interface ChartRange {
  id: string;
  /** Said on the range's button. */
  label: string;
  ms: number;
  /** Seconds per point asked of the server. */
  stepSeconds: number;
  /** How often the open chart asks again: a point of an hour does not change every few seconds. */
  refreshMs: number;
}

/** The ranges to pick from; 90 days of hour slots is everything the server keeps (2,160 points). */
export const CHART_RANGES: readonly ChartRange[] = [
  { id: "1h", label: "1 hour", ms: HOUR_MS, stepSeconds: 60, refreshMs: 10_000 },
  { id: "48h", label: "48 hours", ms: 48 * HOUR_MS, stepSeconds: 15 * 60, refreshMs: 60_000 },
  { id: "30d", label: "30 days", ms: 30 * DAY_MS, stepSeconds: 3_600, refreshMs: 5 * 60_000 },
  { id: "90d", label: "90 days", ms: 90 * DAY_MS, stepSeconds: 3_600, refreshMs: 5 * 60_000 },
];
export const DEFAULT_CHART_RANGE = CHART_RANGES[1]!;

/**
 * Minute slots are kept 48 hours: a range of exactly that, asked with a browser clock a little ahead of the server's,
 * would reach past them and be answered in hour steps. Asking this much less keeps minute steps.
 */
export const MINUTE_RANGE_MARGIN_MS = 2 * MINUTE_MS;

/** The query of `range` ending at `now`. */
export function rangeQuery(range: ChartRange, now: number): ActivityQuery {
  const minuteSteps = range.stepSeconds * 1000 < HOUR_MS;
  const ms = minuteSteps && range.ms >= MINUTE_RETENTION_MS ? MINUTE_RETENTION_MS - MINUTE_RANGE_MARGIN_MS : range.ms;
  return { from: new Date(now - ms).toISOString(), to: new Date(now).toISOString(), step: range.stepSeconds };
}

/** Height of the plot in SVG units; its width is one unit per step between two points. */
export const PLOT_HEIGHT = 100;

/**
 * One path through every point: x is the point's index, y its value scaled so `max` reaches the top (PLOT_HEIGHT
 * units, y down). A point between two neighbours at its own height adds nothing and is left out, so long quiet runs
 * cost two vertices, not hundreds. Empty for no values; a single value is drawn as a flat line one unit long.
 */
export function linePath(values: ArrayLike<number>, max: number, height = PLOT_HEIGHT): string {
  const count = values.length;
  if (count === 0) return "";
  const scale = max > 0 ? height / max : 0;
  const yOf = (index: number) => round2(height - Math.min(values[index]!, max) * scale);
  let path = `M0 ${yOf(0)}`;
  if (count === 1) return `${path}L1 ${yOf(0)}`;
  let previous = yOf(0);
  let current = yOf(1);
  for (let index = 1; index < count; index++) {
    const next = index + 1 < count ? yOf(index + 1) : Number.NaN;
    if (!(current === previous && current === next)) path += `L${index} ${current}`;
    previous = current;
    current = next;
  }
  return path;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The top of the y axis: the smallest 1, 2 or 5 × 10ⁿ at or above `max` (1 when there is nothing). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= max) return factor * power;
  return 10 * power;
}

/** "minute", "15 minutes", "hour", "6 hours", "day": the width of one point, for "messages per …". */
export function stepWords(stepSeconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ];
  for (const [seconds, unit] of units) {
    if (stepSeconds % seconds === 0) {
      const count = stepSeconds / seconds;
      return count === 1 ? unit : `${count} ${unit}s`;
    }
  }
  return `${stepSeconds} seconds`;
}

/** `count` times evenly spread from the first point's start to the last point's end. */
export function tickTimes(startMs: number, stepSeconds: number, points: number, count: number): number[] {
  const endMs = startMs + points * stepSeconds * 1000;
  if (count < 2) return [startMs];
  return Array.from({ length: count }, (_, index) => Math.round(startMs + ((endMs - startMs) * index) / (count - 1)));
}

/** A tick's label: the time of day within a day, with the weekday within a few days, the date beyond. */
export function tickLabel(ms: number, spanMs: number, locale?: string): string {
  const date = new Date(ms);
  if (spanMs <= DAY_MS) return date.toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  if (spanMs <= 3 * DAY_MS) return date.toLocaleString(locale, { weekday: "short", hour: "2-digit", minute: "2-digit" });
  return date.toLocaleDateString(locale, { day: "numeric", month: "short" });
}

export interface SeriesSummary {
  total: number;
  /** The busiest point, or null when every point is 0. */
  peak: { index: number; value: number } | null;
}

export function summarise(values: ArrayLike<number>): SeriesSummary {
  let total = 0;
  let peak: SeriesSummary["peak"] = null;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    total += value;
    if (value > 0 && (peak === null || value > peak.value)) peak = { index, value };
  }
  return { total, peak };
}

/** Indexes of the points where any of `columns` is not 0: the rows of the chart's table. */
export function busyPoints(columns: ReadonlyArray<ArrayLike<number>>, points: number): number[] {
  const busy: number[] = [];
  for (let index = 0; index < points; index++) if (columns.some((column) => (column[index] ?? 0) !== 0)) busy.push(index);
  return busy;
}
