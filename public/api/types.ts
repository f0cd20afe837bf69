// Shapes of the API's answers, as docs/API.md describes them.
import type { ConfigWarning as ServerConfigWarning } from "../../src/modules/config/config-warnings";
import type { BackupInfo } from "../../src/modules/config/backups";

export type ProcessState = "stopped" | "starting" | "running" | "backoff" | "stopping" | "exited" | "fatal";

export interface LastExit {
  code: number | null;
  signal: string | null;
  at: string;
  reason: string;
}

export interface ProcessStatus {
  isRunning: boolean;
  pid: number | null;
  startTime: string | number | null;
  mode: string | number | null;
  uptimeSeconds: number | null;
  state: ProcessState;
  restarts: number;
  lastExit: LastExit | null;
}

/** GET api/config/backups/:id: the version's record and its content, or its errors. */
export type BackupDetail = BackupInfo & ({ state: "ok"; config: Record<string, unknown> } | { state: "invalid"; errors: unknown });

export interface ServerInfo {
  version: string;
  commit: string;
  bun: string;
  platform: string;
  dataDir: string;
  tgcfCommand: string;
  /** What `tgcf --version` printed; null when tgcf is not found. */
  tgcfVersion: string | null;
}

export type Config = Record<string, unknown>;

/** What tgcf will ignore or read differently, at a JSON pointer (the server's own type). */
export type ConfigWarning = ServerConfigWarning;

/** GET, PATCH and POST api/config?with=warnings. */
export interface ConfigWithWarnings {
  config: Config;
  warnings: ConfigWarning[];
}
