// At most one login-code request per interval: Telegram bans accounts that ask for codes too often.
import { ApiError } from "../../utils/api-error";

export const CODE_REQUEST_INTERVAL_MS = 60_000;

export class CodeRequestLimiter {
  private notBefore = 0;
  /** What notBefore was before the last reservation, so a release can restore it; null: nothing to release. */
  private beforeReservation: number | null = null;

  constructor(
    private readonly intervalMs = CODE_REQUEST_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** When the next code may be asked for (ms since the epoch); 0 when it may be now. */
  get nextAllowedAt(): number {
    return this.notBefore > this.now() ? this.notBefore : 0;
  }

  /** Counts a code request now, or throws 429 with Retry-After when the last one was too recent. */
  reserve(): void {
    const waitMs = this.notBefore - this.now();
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new ApiError(
        429,
        `a login code was asked for less than ${Math.round(this.intervalMs / 1000)} s ago, and Telegram bans accounts that ask too often: wait ${seconds} s`,
        { retryAfterSeconds: seconds },
        { "Retry-After": String(seconds) },
      );
    }
    this.beforeReservation = this.notBefore;
    this.notBefore = this.now() + this.intervalMs;
  }

  /** Gives the last reservation back: the request never reached Telegram (no Python, no network). */
  release(): void {
    if (this.beforeReservation === null) return;
    this.notBefore = this.beforeReservation;
    this.beforeReservation = null;
  }

  /** Telegram asked to wait: no code request before then. */
  blockFor(seconds: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + seconds * 1000);
  }
}
