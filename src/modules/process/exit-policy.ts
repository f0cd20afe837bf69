// What an exit of tgcf means and what happens next: stopped, finished, restart later, or give up.
import { QUICK_EXIT_WINDOW_MS, type CrashTracker } from "./backoff";
import { describeExit, type ChildExit, type Mode } from "./state";

export interface ExitContext {
  pid: number;
  mode: Mode;
  exit: ChildExit;
  ranForMs: number;
  /** Who asked for the stop, or null when nobody did. */
  stoppedBy: string | null;
  autoRestart: boolean;
  /** The server is shutting down: never restart. */
  shuttingDown: boolean;
  /** tgcf's last output lines, quoted when giving up. */
  recentLines: string[];
}

export type ExitDecision =
  | { next: "stopped"; reason: string; systemLine: string }
  | { next: "exited"; reason: string; systemLine: string; finished: boolean }
  | { next: "fatal"; reason: string; systemLine: string }
  | { next: "backoff"; reason: string; systemLine: string; restartInMs: number };

/**
 * Decides the next state after an exit. Any exit after a requested stop is a normal stop (tgcf
 * answers SIGINT with code 1). A past run exiting 0 has finished. Anything else is unexpected,
 * whatever its code (live mode never ends on its own): restart after a backoff, or give up after
 * too many quick exits in a row. Updates `crashes`.
 */
export function decideAfterExit(context: ExitContext, crashes: CrashTracker): ExitDecision {
  const { pid, exit } = context;
  const how = describeExit(exit);
  if (context.stoppedBy !== null) {
    return { next: "stopped", reason: `stopped by ${context.stoppedBy}`, systemLine: `stopped pid ${pid}: it ${how} (by ${context.stoppedBy})` };
  }
  if (context.mode === "past" && exit.code === 0) {
    crashes.reset();
    return { next: "exited", finished: true, reason: "past run finished", systemLine: `past run finished: pid ${pid} exited with code 0` };
  }
  const seconds = Math.round(context.ranForMs / 1000);
  const reason = `tgcf (pid ${pid}, ${context.mode} mode) ${how} unexpectedly after ${seconds} s`;
  if (context.shuttingDown) {
    return { next: "exited", finished: false, reason, systemLine: `${reason}; not restarting: the server is shutting down` };
  }
  const verdict = crashes.recordUnexpectedExit(context.ranForMs);
  if (verdict.fatal) {
    const lastLines = context.recentLines.length > 0 ? context.recentLines.join("\n") : "(no output)";
    const fatalReason =
      `${reason}; it exited ${verdict.quickExits} times in a row within ${QUICK_EXIT_WINDOW_MS / 1000} s of starting, ` +
      `so it will not be restarted. Its last lines:\n${lastLines}`;
    return { next: "fatal", reason: fatalReason, systemLine: fatalReason };
  }
  if (!context.autoRestart) {
    return { next: "exited", finished: false, reason, systemLine: `${reason}; automatic restart is off` };
  }
  return {
    next: "backoff",
    reason,
    systemLine: `${reason}; restarting in ${verdict.delayMs / 1000} s`,
    restartInMs: verdict.delayMs,
  };
}
