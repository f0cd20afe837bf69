// Throttles failed sign-ins: a fixed window of failures per client network, and one for all clients together,
// so that many addresses (every loopback address, or an IPv6 prefix) cannot guess without limit.

export const MAX_FAILURES_PER_WINDOW = 10;
/** All clients together: past this, every wrong attempt waits, while a right credential still passes. */
export const MAX_TOTAL_FAILURES_PER_WINDOW = 100;
export const FAILURE_WINDOW_MS = 60_000;
/** Bounds memory under a flood of distinct addresses. */
export const MAX_TRACKED_ADDRESSES = 10_000;
/** One IPv6 customer usually holds a whole /64: its addresses count as one client. */
const IPV6_CLIENT_PREFIX_GROUPS = 4;
const TOTAL_KEY = "*";

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
    private readonly maxTotalFailures = Math.max(maxFailures, MAX_TOTAL_FAILURES_PER_WINDOW),
  ) {}

  /** Seconds the address must wait, or 0 when it may try. */
  retryAfterSeconds(address: string): number {
    return Math.max(this.waitOf(clientKeyOf(address), this.maxFailures), this.waitOf(TOTAL_KEY, this.maxTotalFailures));
  }

  recordFailure(address: string): void {
    this.count(clientKeyOf(address));
    this.count(TOTAL_KEY);
  }

  private waitOf(key: string, limit: number): number {
    const window = this.current(key);
    if (!window || window.failures < limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  private count(key: string): void {
    const window = this.current(key);
    if (window) {
      window.failures++;
      return;
    }
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) this.evictExpired();
    if (this.windows.size >= MAX_TRACKED_ADDRESSES) {
      const first = [...this.windows.keys()].find((candidate) => candidate !== TOTAL_KEY);
      if (first !== undefined) this.windows.delete(first);
    }
    this.windows.set(key, { startedAt: this.now(), failures: 1 });
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.startedAt + this.windowMs <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.startedAt + this.windowMs <= now) this.windows.delete(key);
  }
}

/** The client an address stands for: IPv4 (also IPv4-mapped IPv6) as it is, IPv6 by its /64 prefix. */
export function clientKeyOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  return expandIpv6(address).slice(0, IPV6_CLIENT_PREFIX_GROUPS).join(":") + "::/64";
}

function expandIpv6(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("%")[0]!.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  return [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups].map((group) => group.replace(/^0+(?=.)/, ""));
}
