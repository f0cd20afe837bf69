// Shapes of the API's answers, as docs/API.md describes them.

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

export interface BackupSummary {
  id: string;
  createdAt: string;
  size: number;
}

export type BackupDetail =
  | { id: string; createdAt: string; state: "ok"; config: Record<string, unknown> }
  | { id: string; createdAt: string; state: "invalid"; errors: unknown };

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
