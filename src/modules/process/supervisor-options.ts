// How a Supervisor is configured, and the defaults of what is left out.
import { systemClock, type Clock } from "./clock";
import type { OutputSink } from "./output";
import { systemProcessGroups, type ProcessGroups } from "./process-group";
import { bunSpawner, type Spawner } from "./spawner";
import { KILL_AFTER_MS, STOP_GRACE_MS } from "./terminate";
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from "./backoff";
import type { Mode } from "./state";

export const DEFAULT_TGCF_COMMAND = "tgcf";

export interface SupervisorOptions {
  /** Holds tgcf.config.json; tgcf's working directory. */
  dataDir: string;
  /** Split like a shell (TGCF_SERVER_COMMAND); default DEFAULT_TGCF_COMMAND. A function is asked at every start. */
  command?: string | (() => string);
  output: OutputSink;
  /** Restart after an exit nobody asked for; default true. */
  autoRestart?: boolean;
  /** recover() starts tgcf again if it was meant to be running; default true. */
  autoStartOnBoot?: boolean;
  /** SIGINT → SIGTERM delay; default STOP_GRACE_MS (5 s). */
  stopGraceMs?: number;
  /** SIGTERM → SIGKILL delay; default KILL_AFTER_MS (2 s). */
  killAfterMs?: number;
  /** When delays start afresh and when restarts give up; default DEFAULT_RESTART_POLICY. */
  restartPolicy?: RestartPolicy;
  /**
   * For starts nobody asked for (automatic restarts, start on boot): checks the config as a person's start would and
   * returns the mode saved in it. Default: the mode of the last run, unchecked.
   */
  automaticStartCheck?: ((lastMode: Mode) => Promise<Mode>) | null;
  /** Awaited right before every spawn, whoever starts tgcf (the config store writes back saved changes); must not reject. */
  beforeSpawn?: (() => Promise<void>) | null;
  /** The server's environment (its PATH finds tgcf); default process.env. */
  env?: Record<string, string | undefined>;
  spawner?: Spawner;
  clock?: Clock;
  processGroups?: ProcessGroups;
}

export type ResolvedSupervisorOptions = Required<SupervisorOptions>;

export function withDefaults(options: SupervisorOptions): ResolvedSupervisorOptions {
  return {
    command: DEFAULT_TGCF_COMMAND,
    autoRestart: true,
    autoStartOnBoot: true,
    stopGraceMs: STOP_GRACE_MS,
    killAfterMs: KILL_AFTER_MS,
    restartPolicy: DEFAULT_RESTART_POLICY,
    automaticStartCheck: null,
    beforeSpawn: null,
    env: process.env,
    spawner: bunSpawner,
    clock: systemClock,
    processGroups: systemProcessGroups,
    ...withoutUndefined(options),
  };
}

/** `{ autoRestart: undefined }` means "the default", not "no value". */
function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}
