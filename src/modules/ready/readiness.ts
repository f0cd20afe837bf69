// Whether an instance is doing what it should: for a readiness probe (Kubernetes, a load balancer, a monitor).
import { join } from "node:path";
import type { SupervisorStatus } from "../process/state";
import { DESIRED_STATE_FILE } from "../process/desired-state";
import { serverStateDirPath } from "../../utils/server-state-dir";
import { readFileNoFollow } from "../../utils/safe-fs";

/** An instance waiting to restart (backoff) for longer than this is not ready. */
export const BACKOFF_READY_LIMIT_MS = 10 * 60_000;
const MINUTE_MS = 60_000;

export interface Readiness {
  ready: boolean;
  /** For a person: what the instance is doing, and for a 503 what to do. Holds nothing secret (no exit text, no chat). */
  reason: string;
}

/**
 * Not ready when tgcf should be running (its desired state is running; null = unknown counts as running) but the
 * supervisor gave up (fatal), or has been waiting to restart (backoff) for more than `backoffLimitMs`. Every other
 * state is ready: a stopped or finished tgcf is what was asked for, and starting or a short backoff passes by itself.
 */
export function readinessOf(status: SupervisorStatus, desiredRunning: boolean | null, now: number, backoffLimitMs = BACKOFF_READY_LIMIT_MS): Readiness {
  const shouldRun = desiredRunning !== false;
  if (status.state === "fatal") {
    return shouldRun
      ? { ready: false, reason: "tgcf should be running, but it exited too often and is no longer restarted (fatal): see its last exit in /api/status, fix the cause, then start it" }
      : { ready: true, reason: "tgcf gave up restarting (fatal), but it is not meant to run" };
  }
  if (status.state === "backoff") {
    const since = status.lastExit ? Date.parse(status.lastExit.at) : Number.NaN;
    const waitedMs = Number.isFinite(since) ? Math.max(0, now - since) : 0;
    const waited = `${Math.floor(waitedMs / MINUTE_MS)} min`;
    if (shouldRun && waitedMs > backoffLimitMs) {
      return { ready: false, reason: `tgcf should be running, but it has been waiting to restart for ${waited} (more than ${backoffLimitMs / MINUTE_MS} min): see its last exit in /api/status` };
    }
    return { ready: true, reason: `tgcf exited unexpectedly and restarts soon (waiting for ${waited})` };
  }
  return { ready: true, reason: `tgcf is ${status.state}` };
}

/** The saved desired state of an instance: true for running, false for stopped, null when it cannot be read. */
export async function desiredRunning(dataDir: string): Promise<boolean | null> {
  try {
    const saved = JSON.parse((await readFileNoFollow(join(serverStateDirPath(dataDir), DESIRED_STATE_FILE))).toString("utf8")) as { state?: unknown };
    return saved.state === "running" ? true : saved.state === "stopped" ? false : null;
  } catch {
    return null; // missing or unreadable: the supervisor's state alone decides
  }
}
