// Reading processes from Linux's /proc: state, parent, group, session, start time, argv and environment.
// Without /proc (macOS) only command lines can be read, from ps.
import { existsSync, readFileSync, readdirSync } from "node:fs";

const PROC_DIR = "/proc";
/** False on macOS and other systems without a Linux /proc. */
export const HAS_PROC = existsSync(`${PROC_DIR}/self/stat`);

/** One line of /proc/<pid>/stat, the fields we use. */
export interface ProcessStat {
  pid: number;
  /** R, S, D, T, Z (zombie), X (dead) ... */
  state: string;
  ppid: number;
  pgrp: number;
  /** The session id: the pid of the process that called setsid(). */
  session: number;
  /** Clock ticks after boot; with the pid, it tells a process from a later one that reuses its pid. */
  startTime: number;
}

/** Zombies and dead processes have already exited: they hold nothing but their pid until they are reaped. */
export function hasExited(stat: ProcessStat): boolean {
  return stat.state === "Z" || stat.state === "X";
}

/** Parses /proc/<pid>/stat; null when the process is gone. */
export function readProcessStat(pid: number): ProcessStat | null {
  let raw: string;
  try {
    raw = readFileSync(`${PROC_DIR}/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name sits in parentheses and may itself contain spaces and ")". Field 3 (state) comes next.
  const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  const [state, ppid, pgrp, session] = fields;
  const startTime = fields[19]; // field 22 of proc(5)
  if (state === undefined || ppid === undefined || pgrp === undefined || session === undefined || startTime === undefined) return null;
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), session: Number(session), startTime: Number(startTime) };
}

/** Every process visible in /proc, with its state, parent, group and session. */
export function listProcesses(): ProcessStat[] {
  const stats: ProcessStat[] = [];
  for (const entry of readdirSync(PROC_DIR)) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcessStat(Number(entry));
    if (stat) stats.push(stat);
  }
  return stats;
}

/**
 * The environment `pid` was started with, as NUL-separated `NAME=value` entries; null when it is gone,
 * a zombie, or not ours to read (another user's).
 */
export function environmentOf(pid: number): string | null {
  try {
    const raw = readFileSync(`${PROC_DIR}/${pid}/environ`, "utf8");
    return raw === "" ? null : raw;
  } catch {
    return null;
  }
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
