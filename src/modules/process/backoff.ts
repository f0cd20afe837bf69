// When to restart tgcf after an exit nobody asked for, and when to give up (supervisord's backoff → fatal).
import type { Clock, TimerHandle } from "./clock";

/** Delay before the first automatic restart; each further one doubles it. */
export const BACKOFF_FIRST_MS = 2_000;
export const BACKOFF_MAX_MS = 5 * 60_000;
/** A run shorter than this counts as a quick exit; a longer one resets the counts. */
export const QUICK_EXIT_WINDOW_MS = 10_000;
/** This many quick exits in a row make the supervisor give up (state fatal). */
export const QUICK_EXITS_BEFORE_FATAL = 5;

/** The delay before restart number `failuresInARow` (1-based): 2 s, 4 s, 8 s … capped at 5 min. */
export function backoffDelayMs(failuresInARow: number): number {
  const exponent = Math.max(0, failuresInARow - 1);
  return Math.min(BACKOFF_FIRST_MS * 2 ** exponent, BACKOFF_MAX_MS);
}

export interface CrashVerdict {
  /** Quick exits in a row, this one included (0 if this run was long). */
  quickExits: number;
  /** True when it is time to stop restarting. */
  fatal: boolean;
  /** How long to wait before the restart. */
  delayMs: number;
}

/** Counts unexpected exits in a row and decides the next backoff delay. */
export class CrashTracker {
  private failuresInARow = 0;
  private quickExitsInARow = 0;

  /** Records an unexpected exit of a run that lasted `ranForMs`. */
  recordUnexpectedExit(ranForMs: number): CrashVerdict {
    if (ranForMs > QUICK_EXIT_WINDOW_MS) {
      this.failuresInARow = 1;
      this.quickExitsInARow = 0;
    } else {
      this.failuresInARow++;
      this.quickExitsInARow++;
    }
    return {
      quickExits: this.quickExitsInARow,
      fatal: this.quickExitsInARow >= QUICK_EXITS_BEFORE_FATAL,
      delayMs: backoffDelayMs(this.failuresInARow),
    };
  }

  /** Forgets past exits: after a person starts tgcf, or after a run that ended as it should. */
  reset(): void {
    this.failuresInARow = 0;
    this.quickExitsInARow = 0;
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
