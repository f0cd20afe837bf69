// Signals and liveness of whole process groups, read from Linux's /proc (tgcf runs in its own group).
// Without /proc (macOS) liveness falls back to kill(-pgid, 0) and command lines to ps.
import { existsSync, readFileSync, readdirSync } from "node:fs";

const PROC_DIR = "/proc";
const HAS_PROC = existsSync(`${PROC_DIR}/self/stat`);
const GROUP_POLL_MS = 25;

/** What the supervisor needs from the OS about process groups; faked in unit tests. */
export interface ProcessGroups {
  signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean;
  isGroupAlive(pgid: number): boolean;
  commandLineOf(pid: number): string[] | null;
}

/** One line of /proc/<pid>/stat, the fields we use. */
export interface ProcessStat {
  pid: number;
  /** R, S, D, T, Z (zombie), X (dead) ... */
  state: string;
  ppid: number;
  pgrp: number;
}

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
 * True while any process of group `pgid` can still run. Zombies do not count: a zombie has already
 * exited and holds nothing but its pid until its parent reaps it. Our own child is reaped by Bun
 * once it exits, but an orphaned grandchild is reaped by pid 1, and a pid 1 that never reaps (some
 * containers) would otherwise make the group look alive forever.
 */
export function isGroupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false; // fast path: no member at all
  if (!HAS_PROC) return true; // macOS reaps orphans promptly, so kill(-pgid, 0) alone is good enough there
  return listProcesses().some((stat) => stat.pgrp === pgid && stat.state !== "Z" && stat.state !== "X");
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

/** argv of a running process from /proc/<pid>/cmdline; null if there is no such process or it has none (zombie). */
export function commandLineOf(pid: number): string[] | null {
  if (!HAS_PROC) return commandLineFromPs(pid);
  let raw: string;
  try {
    raw = readFileSync(`${PROC_DIR}/${pid}/cmdline`, "utf8");
  } catch {
    return null; // gone, or not ours to read
  }
  if (raw === "") return null;
  const words = raw.split("\0");
  if (words.at(-1) === "") words.pop();
  return words;
}

/** ps joins the arguments with spaces, so an argument that holds a space comes back split: good enough to recognise tgcf. */
function commandLineFromPs(pid: number): string[] | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const result = Bun.spawnSync(["ps", "-ww", "-o", "args=", "-p", String(pid)], { stdout: "pipe", stderr: "ignore" });
  const text = result.stdout.toString().trim();
  return result.exitCode === 0 && text ? text.split(/\s+/) : null;
}

/** Parses /proc/<pid>/stat; null when the process is gone. */
export function readProcessStat(pid: number): ProcessStat | null {
  let raw: string;
  try {
    raw = readFileSync(`${PROC_DIR}/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name sits in parentheses and may itself contain spaces and ")".
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  const [state, ppid, pgrp] = fields;
  if (state === undefined || ppid === undefined || pgrp === undefined) return null;
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp) };
}

/** Every process visible in /proc, with its state, parent and group. */
export function listProcesses(): ProcessStat[] {
  const stats: ProcessStat[] = [];
  for (const entry of readdirSync(PROC_DIR)) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcessStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** The real OS layer. */
export const systemProcessGroups: ProcessGroups = { signalGroup, isGroupAlive, commandLineOf };
