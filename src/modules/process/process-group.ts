// The OS layer the supervisor sees: families of processes to signal and watch, and command lines to recognise tgcf.
// The real one reads Linux's /proc (process groups, sessions, parents, environments); unit tests use a fake.
import { systemFamilyOf, type ProcessFamily } from "./family";
import { commandLineOf } from "./proc";

export type { ProcessFamily } from "./family";
export { commandLineOf, listProcesses, readProcessStat, type ProcessStat } from "./proc";
export { isGroupAlive, signalGroup, signalProcess, waitForGroupExit } from "./signals";

/** What the supervisor needs from the OS about processes; faked in unit tests. */
export interface ProcessGroups {
  /**
   * The processes a stop of `leader` must end: its group and session, its descendants, and every
   * process whose environment carries `tag` (see family.ts). A null leader: those with the tag alone.
   */
  familyOf(leader: number | null, tag: string | null): ProcessFamily;
  /** argv of a running process; null if it is gone or a zombie. */
  commandLineOf(pid: number): string[] | null;
}

/** The real OS layer. */
export const systemProcessGroups: ProcessGroups = { familyOf: systemFamilyOf, commandLineOf };
