// How long the log stream waits before reconnecting: exponential, capped, with jitter so many tabs do not reconnect in step.

export interface BackoffOptions {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Fraction of the delay added or removed at random (0.2 = ±20 %). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { firstDelayMs: 500, factor: 2, maxDelayMs: 10_000, jitter: 0.2 };

/** Delay before reconnect attempt `attempt` (0 = the first retry): 500 ms, 1 s, 2 s ... up to 10 s by default. */
export function reconnectDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(options.maxDelayMs, options.firstDelayMs * options.factor ** Math.max(0, attempt));
  const spread = base * options.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
