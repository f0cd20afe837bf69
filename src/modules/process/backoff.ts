// When to restart tgcf after an exit nobody asked for, and when to give up (supervisord's backoff → fatal).
import type { Clock, TimerHandle } from "./clock";

/** Delay before the first automatic restart; each further one doubles it. */
export const BACKOFF_FIRST_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;
/** A run shorter than this counts as a quick exit. */
export const QUICK_EXIT_WINDOW_MS = 10_000;
/** This many quick exits in a row make the supervisor give up (state fatal). */
export const QUICK_EXITS_BEFORE_FATAL = 5;
/** Only a run this long proves tgcf healthy and forgets earlier exits (each start is a new login to Telegram). */
export const HEALTHY_AFTER_MS = 5 * 60_000;
/** More automatic restarts than this within an hour make the supervisor give up, however long the runs were. */
export const MAX_RESTARTS_PER_HOUR = 10;
const HOUR_MS = 60 * 60_000;

/** The delay before restart number `failuresInARow` (1-based): 2 s, 4 s, 8 s … capped at 5 min. */
export function backoffDelayMs(failuresInARow: number): number {
  const exponent = Math.max(0, failuresInARow - 1);
  return Math.min(BACKOFF_FIRST_MS * 2 ** exponent, BACKOFF_MAX_MS);
}

export interface RestartPolicy {
  /** Default HEALTHY_AFTER_MS. */
  healthyAfterMs: number;
  /** Default MAX_RESTARTS_PER_HOUR. */
  maxRestartsPerHour: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { healthyAfterMs: HEALTHY_AFTER_MS, maxRestartsPerHour: MAX_RESTARTS_PER_HOUR };

export interface CrashVerdict {
  /** Quick exits in a row, this one included (0 if this run was not quick). */
  quickExits: number;
  /** Automatic restarts within the last hour, the one this exit would bring included. */
  restartsThisHour: number;
  /** Why it is time to stop restarting, or null to restart after `delayMs`. */
  fatal: "quick-exits" | "restarts-per-hour" | null;
  delayMs: number;
}

/**
 * Counts unexpected exits and decides the next backoff delay. Every unexpected exit lengthens the delay, however long
 * the run was; only a healthy run (or a person starting tgcf) starts the count afresh.
 */
export class CrashTracker {
  private failuresInARow = 0;
  private quickExitsInARow = 0;
  private restartTimes: number[] = [];

  constructor(
    private readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an unexpected exit of a run that lasted `ranForMs`. */
  recordUnexpectedExit(ranForMs: number): CrashVerdict {
    if (ranForMs >= this.policy.healthyAfterMs) this.failuresInARow = 0;
    this.failuresInARow++;
    this.quickExitsInARow = ranForMs <= QUICK_EXIT_WINDOW_MS ? this.quickExitsInARow + 1 : 0;
    const now = this.now();
    this.restartTimes = this.restartTimes.filter((at) => at > now - HOUR_MS);
    const restartsThisHour = this.restartTimes.length + 1;
    const fatal =
      this.quickExitsInARow >= QUICK_EXITS_BEFORE_FATAL ? "quick-exits" : restartsThisHour > this.policy.maxRestartsPerHour ? "restarts-per-hour" : null;
    if (fatal === null) this.restartTimes.push(now);
    return { quickExits: this.quickExitsInARow, restartsThisHour, fatal, delayMs: backoffDelayMs(this.failuresInARow) };
  }

  /** Forgets past exits: after a person starts tgcf, or after a run that ended as it should. */
  reset(): void {
    this.failuresInARow = 0;
    this.quickExitsInARow = 0;
    this.restartTimes = [];
  }
}

/** The one pending automatic restart, if any. */
export class RestartTimer {
  private pending: { handle: TimerHandle } | null = null;

  constructor(private readonly clock: Clock) {}

  /** Runs `restart` after `delayMs`, replacing any restart already scheduled. */
  schedule(delayMs: number, restart: () => void): void {
    this.cancel();
    const timer = {
      handle: this.clock.setTimeout(() => {
        if (this.pending !== timer) return;
        this.pending = null;
        restart();
      }, delayMs),
    };
    this.pending = timer;
  }

  cancel(): void {
    if (this.pending === null) return;
    this.clock.clearTimeout(this.pending.handle);
    this.pending = null;
  }
}
