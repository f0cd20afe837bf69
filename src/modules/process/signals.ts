// Signals to process groups and single processes, and whether a group still runs.
import { hasExited, HAS_PROC, listProcesses } from "./proc";

const GROUP_POLL_MS = 25;

/**
 * Sends `signal` to every process in group `pgid` (kill(-pgid)); signal 0 only checks. Returns
 * false when the group no longer exists. Refuses pgid <= 1: kill(-1) would signal every process we may signal.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new RangeError(`refusing to signal process group ${pgid}`);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

/**
 * Sends `signal` to the one process `pid`. Returns false when it is gone, or is not ours to signal
 * (EPERM: it runs as another user, such as a setuid program): the stop then reports it as surviving.
 */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pid) || pid <= 1) throw new RangeError(`refusing to signal process ${pid}`);
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH" || code === "EPERM") return false;
    throw error;
  }
}

/**
 * True while any process of group `pgid` can still run. Zombies do not count: a zombie has already
 * exited and holds nothing but its pid until its parent reaps it. Our own child is reaped by Bun
 * once it exits, but an orphaned grandchild is reaped by pid 1 (or by us as a subreaper), and a
 * pid 1 that never reaps (some containers) would otherwise make the group look alive forever.
 */
export function isGroupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false; // fast path: no member at all
  if (!HAS_PROC) return true; // macOS reaps orphans promptly, so kill(-pgid, 0) alone is good enough there
  return listProcesses().some((stat) => stat.pgrp === pgid && !hasExited(stat));
}

/** Polls until group `pgid` has no live member; resolves true, or false after `timeoutMs`. */
export async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await Bun.sleep(GROUP_POLL_MS);
  }
  return true;
}
