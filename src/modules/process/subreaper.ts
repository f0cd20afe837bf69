// Adopting tgcf's orphans: as a Linux "child subreaper" the server, not pid 1, becomes the parent of every
// process whose parent dies below it, so a stop can still find those processes and must reap them itself.
import { dlopen, FFIType, ptr } from "bun:ffi";

const PR_SET_CHILD_SUBREAPER = 36;
const PR_GET_CHILD_SUBREAPER = 37;
const WNOHANG = 1;
/** glibc, then musl (Alpine), whose libc has no .so.6 name. */
const LIBC_NAMES = ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1"];

const LIBC_SYMBOLS = {
  prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 },
  waitpid: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
} as const;

type Libc = ReturnType<typeof dlopen<typeof LIBC_SYMBOLS>>["symbols"];

let libc: Libc | null | undefined; // undefined: not opened yet; null: not available here
let libcProblem = "";

function openLibc(): Libc | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (process.platform !== "linux") {
    libcProblem = `${process.platform} has no child subreapers`;
    return libc;
  }
  const failures: string[] = [];
  for (const name of LIBC_NAMES) {
    try {
      libc = dlopen(name, LIBC_SYMBOLS).symbols;
      return libc;
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  libcProblem = `the C library could not be loaded (${failures.join("; ")})`;
  return libc;
}

/**
 * Makes this process a child subreaper (prctl(PR_SET_CHILD_SUBREAPER, 1)), for itself and the rest of its life.
 * Returns null when it is one, or why it cannot be (not Linux, no C library, the call failed).
 */
export function becomeSubreaper(): string | null {
  const c = openLibc();
  if (c === null) return libcProblem;
  return c.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0 ? null : "prctl(PR_SET_CHILD_SUBREAPER) failed";
}

/** Whether this process is a child subreaper now. */
export function isSubreaper(): boolean {
  const c = openLibc();
  if (c === null) return false;
  const flag = new Int32Array(1);
  return c.prctl(PR_GET_CHILD_SUBREAPER, ptr(flag), 0, 0, 0) === 0 && flag[0] === 1;
}

/** What reapChild did: reaped it; it is still exiting (a zombie whose threads are not all gone yet); or it cannot be reaped here. */
export type ReapResult = "reaped" | "pending" | "impossible";

/**
 * Reaps `pid` if it is an exited child of this process (waitpid with WNOHANG). Only for children Bun
 * did not spawn: Bun waits for its own children by pid, and reaping one of them here would steal its
 * exit status. "impossible": not our child, or no C library to call waitpid with.
 */
export function reapChild(pid: number): ReapResult {
  const c = openLibc();
  if (c === null || !Number.isInteger(pid) || pid <= 1) return "impossible";
  const status = new Int32Array(1);
  const result = c.waitpid(pid, ptr(status), WNOHANG);
  return result === pid ? "reaped" : result === 0 ? "pending" : "impossible";
}

/**
 * Called once at server start: makes the server the subreaper of tgcf's orphans. Returns a warning
 * for the server's log when a stop can miss processes tgcf started, or null.
 */
export function adoptOrphans(): string | null {
  if (process.platform === "win32") return null; // tgcf cannot be run there at all (platform.ts says so)
  if (process.platform !== "linux") {
    return `on ${process.platform} a stop ends tgcf's process group only: a process tgcf starts in a new session (setsid) outlives it`;
  }
  const problem = becomeSubreaper();
  if (problem === null) return null;
  return (
    `could not become the subreaper of tgcf's orphans (${problem}): a stop still finds what tgcf started ` +
    "by its process group, its session and its environment, but misses an orphan that left all three"
  );
}
