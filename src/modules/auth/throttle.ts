// Throttles failed sign-ins per client address: a fixed window of failures, then 429 until it ends.

export const MAX_FAILURES_PER_WINDOW = 10;
export const FAILURE_WINDOW_MS = 60_000;
/** Bounds memory under a flood of distinct addresses. */
export const MAX_TRACKED_ADDRESSES = 10_000;

interface Window {
  startedAt: number;
  failures: number;
}

export class FailureThrottle {
  private windows = new Map<string, Window>();

  constructor(
    private readonly maxFailures = MAX_FAILURES_PER_WINDOW,
    private readonly windowMs = FAILURE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** False while no address has failed lately: the request path then skips looking up its address. */
  hasFailures(): boolean {
    return this.windows.size > 0;
  }

  /** Seconds the address must wait, or 0 when it may try. */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    if (!window || window.failures < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const window = this.current(address);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) this.evictExpired();
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) {
      const first = this.windows.keys().next().value;
      if (first !== undefined) this.windows.delete(first);
    }
    this.windows.set(address, { startedAt: this.now(), failures: 1 });
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && window.startedAt + this.windowMs <= this.now()) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [address, window] of this.windows) if (window.startedAt + this.windowMs <= now) this.windows.delete(address);
  }
}
