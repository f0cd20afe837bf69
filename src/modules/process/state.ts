// The supervisor's states (supervisord's names, described in model.ts) and small helpers on them.
import type { ChildExit, ProcessState, RunMode } from "./model";

export type { ChildExit, LastExit, ProcessState, SupervisorStatus } from "./model";
export type Mode = RunMode;
export const MODES: readonly Mode[] = ["live", "past"];

/** States from which start() may begin a new run (backoff: cutting the wait short). */
export const STARTABLE_STATES: ReadonlySet<ProcessState> = new Set(["stopped", "exited", "fatal", "backoff"]);

/** "exited with code 1" / "was killed by SIGKILL". */
export function describeExit(exit: ChildExit): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
