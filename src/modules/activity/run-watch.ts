// tgcf's starts and exits as the supervisor's status changes show them, and whether an exit was unexpected.
import type { SupervisorStatus } from "../process/state";

export type RunChange = { kind: "started"; mode: SupervisorStatus["mode"] } | { kind: "exited"; unexpected: boolean };

/**
 * An exit nobody asked for that was not a finished past run: the supervisor restarts tgcf after it (backoff), gives
 * up (fatal), or leaves it exited (automatic restart off, or the server was shutting down). The same rule as the
 * supervisor's exit policy, which reports a finished past run as exited with code 0 and no known failure.
 */
export function isUnexpectedExit(status: SupervisorStatus): boolean {
  if (status.state === "stopped") return false;
  const exit = status.lastExit;
  const finishedPastRun = status.state === "exited" && status.mode === "past" && exit?.code === 0 && !exit.cause?.hint;
  return !finishedPastRun;
}

/** Turns the stream of statuses into starts and exits, each reported once. */
export class RunWatch {
  private runKey: string | null;

  constructor(initial: SupervisorStatus) {
    this.runKey = runKeyOf(initial);
  }

  next(status: SupervisorStatus): RunChange[] {
    const changes: RunChange[] = [];
    const runKey = runKeyOf(status);
    if (this.runKey !== null && runKey !== this.runKey) changes.push({ kind: "exited", unexpected: !status.isRunning && isUnexpectedExit(status) });
    if (runKey !== null && runKey !== this.runKey) changes.push({ kind: "started", mode: status.mode });
    this.runKey = runKey;
    return changes;
  }
}

/** Identifies one tgcf process: a status with another key is another run (or none). */
function runKeyOf(status: SupervisorStatus): string | null {
  return status.isRunning && status.pid !== null ? `${status.pid}@${status.startTime}` : null;
}
