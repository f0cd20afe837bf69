// Graceful stop of tgcf and all it started: SIGINT, then SIGTERM, then SIGKILL, each after a named delay.
import { sleep, type Clock } from "./clock";
import type { ProcessFamily } from "./family";

/** tgcf answers SIGINT by printing `Aborted.` and exiting within ~0.2 s. */
export const STOP_GRACE_MS = 5_000;
/** How long SIGTERM gets before SIGKILL. */
export const KILL_AFTER_MS = 2_000;
/** After SIGKILL, how long to wait for the family to vanish before giving up on it. */
export const GONE_AFTER_KILL_MS = 3_000;
const FAMILY_POLL_MS = 25;

export interface TerminateOptions {
  /** Time between the first signal and SIGTERM; default STOP_GRACE_MS. */
  graceMs?: number;
  /** Time between SIGTERM and SIGKILL; default KILL_AFTER_MS. */
  killAfterMs?: number;
  /** The polite first signal; default SIGINT (what tgcf handles). */
  firstSignal?: NodeJS.Signals;
}

export interface TerminateResult {
  /** The last signal sent: the first signal unless escalation was needed. */
  lastSignal: NodeJS.Signals;
  /** False if some member was still alive GONE_AFTER_KILL_MS after SIGKILL. */
  familyGone: boolean;
}

/**
 * Stops `family` and resolves once `leaderExited` has settled (our own child has been reaped; pass a
 * resolved promise for a process we did not spawn) and no member is alive. Escalates to SIGTERM after
 * graceMs and SIGKILL killAfterMs later; after SIGKILL every look sends it again, so a process forked
 * meanwhile dies too. Reaps the members that ended as our children.
 */
export async function terminateFamily(
  family: ProcessFamily,
  leaderExited: Promise<unknown>,
  clock: Clock,
  options: TerminateOptions = {},
): Promise<TerminateResult> {
  const graceMs = options.graceMs ?? STOP_GRACE_MS;
  const killAfterMs = options.killAfterMs ?? KILL_AFTER_MS;
  let lastSignal = options.firstSignal ?? "SIGINT";
  let sendFailure: unknown = null; // thrown from the wait loop: a timer callback must not throw
  const send = (signal: NodeJS.Signals) => {
    lastSignal = signal;
    try {
      family.signal(signal);
    } catch (error) {
      sendFailure = error;
    }
  };
  const giveUpAt = clock.now() + graceMs + killAfterMs + GONE_AFTER_KILL_MS;
  family.signal(lastSignal);
  const termTimer = clock.setTimeout(() => send("SIGTERM"), graceMs);
  const killTimer = clock.setTimeout(() => send("SIGKILL"), graceMs + killAfterMs);
  try {
    await leaderExited.catch(() => undefined); // a failed wait still means the leader is gone
    while (family.alivePids().length > 0) {
      if (sendFailure !== null) throw sendFailure;
      if (clock.now() >= giveUpAt) return { lastSignal, familyGone: false };
      if (lastSignal === "SIGKILL") send("SIGKILL");
      await sleep(clock, FAMILY_POLL_MS);
    }
    return { lastSignal, familyGone: true };
  } finally {
    clock.clearTimeout(termTimer);
    clock.clearTimeout(killTimer);
    family.reapZombies();
  }
}
