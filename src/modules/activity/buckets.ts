// Time slots of the activity series: minutes for the last 48 hours, hours for the last 90 days (UTC, epoch-aligned).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** Minute counts are kept this long. */
export const MINUTE_RETENTION_MS = 48 * HOUR_MS;
/** Hour counts are kept this long. */
export const HOUR_RETENTION_MS = 90 * DAY_MS;

export type Resolution = "minute" | "hour";
export const RESOLUTION_MS: Readonly<Record<Resolution, number>> = { minute: MINUTE_MS, hour: HOUR_MS };

/** The slot number of a time: minutes (or hours) since the epoch. */
export function slotOf(ms: number, resolution: Resolution): number {
  return Math.floor(ms / RESOLUTION_MS[resolution]);
}

/** [from, to) cut at minute boundaries: each piece's minute and length in ms. */
export function minutePieces(from: number, to: number): Array<{ minute: number; ms: number }> {
  const pieces: Array<{ minute: number; ms: number }> = [];
  for (let start = from; start < to; ) {
    const minute = slotOf(start, "minute");
    const end = Math.min(to, (minute + 1) * MINUTE_MS);
    pieces.push({ minute, ms: end - start });
    start = end;
  }
  return pieces;
}
