// What an exit of tgcf means and what happens next: stopped, finished, restart later, or give up; and why, in one line.
import { QUICK_EXIT_WINDOW_MS, type CrashTracker } from "./backoff";
import { describeExit, type ChildExit, type Mode } from "./state";
import { exitCauseOf, type ExitCause } from "../../shared/tgcf-output/exit-cause";
import { stripAnsi } from "../logs/ansi";
import { PAST_RUN_FINISHED } from "../../shared/process-words";

/** tgcf's lines kept with an exit, for a person to read below its cause. */
export const LAST_LINES_KEPT = 20;
/** A FloodWait is waited out, with this much to spare. */
const FLOOD_WAIT_MARGIN_MS = 5_000;

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
  /** tgcf's last output lines (terminal codes and all), read for the cause and kept for a person. */
  recentLines: string[];
}

interface Explained {
  reason: string;
  systemLine: string;
  cause: ExitCause | null;
  /** tgcf's last lines as plain text (empty for a requested stop). */
  lastLines: string[];
}

export type ExitDecision =
  | ({ next: "stopped" } & Explained)
  | ({ next: "exited"; finished: boolean } & Explained)
  | ({ next: "fatal" } & Explained)
  | ({ next: "backoff"; restartInMs: number } & Explained);

/**
 * Decides the next state after an exit. Any exit after a requested stop is a normal stop (tgcf answers SIGINT with
 * code 1). A past run exiting 0 has finished. Anything else is unexpected, whatever its code: restart after a backoff
 * (at least as long as a FloodWait tgcf was given), or give up (see CrashTracker). Updates `crashes`.
 */
export function decideAfterExit(context: ExitContext, crashes: CrashTracker): ExitDecision {
  const { pid, exit } = context;
  const how = describeExit(exit);
  if (context.stoppedBy !== null) {
    const reason = `stopped by ${context.stoppedBy}`;
    return { next: "stopped", reason, systemLine: `stopped pid ${pid}: it ${how} (by ${context.stoppedBy})`, cause: null, lastLines: [] };
  }
  const lastLines = context.recentLines.map((line) => stripAnsi(line).trimEnd()).slice(-LAST_LINES_KEPT);
  const cause = exitCauseOf(lastLines);
  // tgcf also exits 0 when it gives up at start (no login, a bot in past mode): only a known failure says so.
  if (context.mode === "past" && exit.code === 0 && !cause?.hint) {
    crashes.reset();
    return { next: "exited", finished: true, reason: PAST_RUN_FINISHED, systemLine: `past run finished: pid ${pid} exited with code 0`, cause, lastLines };
  }
  const seconds = Math.round(context.ranForMs / 1000);
  const what = `tgcf (pid ${pid}, ${context.mode} mode) ${how} after ${seconds} s`;
  const reason = cause ? `${cause.text} (${what})` : `${what}, unexpectedly`;
  if (context.shuttingDown) {
    return { next: "exited", finished: false, reason, systemLine: `${reason}; not restarting: the server is shutting down`, cause, lastLines };
  }
  const verdict = crashes.recordUnexpectedExit(context.ranForMs);
  if (verdict.fatal !== null) {
    const why =
      verdict.fatal === "quick-exits"
        ? `it exited ${verdict.quickExits} times in a row within ${QUICK_EXIT_WINDOW_MS / 1000} s of starting`
        : `it would be its ${ordinal(verdict.restartsThisHour)} automatic restart within an hour, and each start is a new login to Telegram`;
    const fatalReason = `${reason}. Not restarting: ${why}. Fix the cause, then start tgcf again.`;
    return { next: "fatal", reason: fatalReason, systemLine: fatalReason, cause, lastLines };
  }
  if (!context.autoRestart) {
    return { next: "exited", finished: false, reason, systemLine: `${reason}; automatic restart is off`, cause, lastLines };
  }
  const floodWaitMs = cause?.hint?.waitSeconds !== undefined ? cause.hint.waitSeconds * 1000 + FLOOD_WAIT_MARGIN_MS : 0;
  const restartInMs = Math.max(verdict.delayMs, floodWaitMs);
  const waitNote = floodWaitMs > verdict.delayMs ? " (Telegram's FloodWait)" : "";
  return { next: "backoff", reason, systemLine: `${reason}; restarting in ${Math.round(restartInMs / 1000)} s${waitNote}`, restartInMs, cause, lastLines };
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}
