// Past mode's progress on one connection, from its `forwarding message with id = N` lines.

export interface PastProgress {
  /** When tgcf announced this connection (`Forwarding messages from ...`), ms since the epoch. */
  startedAt: number;
  firstId: number | null;
  lastId: number | null;
  /** When the first and the last message were forwarded. */
  firstAt: number | null;
  lastAt: number | null;
  /** Messages forwarded on this connection in this run. */
  forwarded: number;
  /** When tgcf went on to the next connection or the run ended; null while this connection is being forwarded. */
  finishedAt: number | null;
}

export interface PastEstimate {
  /** Messages per minute over this connection's part of the run. */
  ratePerMinute: number | null;
  /** Seconds until the message id reaches `end`, at the pace of ids so far; null without an end or a pace yet. */
  etaSeconds: number | null;
}

const MINUTE_MS = 60_000;

/**
 * Rate and time left. Message ids are not consecutive (deleted messages, service messages tgcf skips), so the time
 * left is estimated from how fast the ids advanced, not from the count of messages.
 */
export function estimatePast(progress: PastProgress, end: number | null, now: number): PastEstimate {
  const until = progress.finishedAt ?? now;
  const elapsed = until - progress.startedAt;
  const ratePerMinute = elapsed > 0 && progress.forwarded > 0 ? (progress.forwarded / elapsed) * MINUTE_MS : null;
  if (end === null || end <= 0 || progress.lastId === null) return { ratePerMinute, etaSeconds: null };
  if (progress.lastId >= end) return { ratePerMinute, etaSeconds: 0 };
  // tgcf moved on before reaching the end (an error, or a stop): nothing is left "in 0 s", it is not being forwarded.
  if (progress.finishedAt !== null) return { ratePerMinute, etaSeconds: null };
  const idSpan = progress.lastId - (progress.firstId ?? progress.lastId);
  const timeSpan = (progress.lastAt ?? 0) - (progress.firstAt ?? 0);
  if (idSpan <= 0 || timeSpan <= 0) return { ratePerMinute, etaSeconds: null };
  const idsPerMs = idSpan / timeSpan;
  return { ratePerMinute, etaSeconds: Math.round((end - progress.lastId) / idsPerMs / 1000) };
}
