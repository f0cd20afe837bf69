// The process API's shapes: the server's own TypeBox types, so the UI cannot drift from what the server sends.
import type { LastExit as ServerLastExit, ProcessState as ServerProcessState, SupervisorStatus, RunMode } from "../../src/modules/process/model";

export type ProcessState = ServerProcessState;
export type LastExit = ServerLastExit;
export type ExitCause = NonNullable<LastExit["cause"]>;
/** GET api/status: the supervisor's status, and the mode saved in the config (only from the REST route). */
export type ProcessStatusReport = SupervisorStatus & {
  savedMode?: RunMode | null;
  /** JSON pointers saved since the running tgcf started: it uses them only after a restart. */
  pendingRestartChanges?: string[];
};
