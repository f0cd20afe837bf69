// The escaping tgcf (test/fixtures/escaping-tgcf.ts): where it is, the pids of what it started, and cleaning them up.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readProcessStat } from "../../../src/modules/process/process-group";
import { waitFor } from "./fakes";

export const ESCAPING_TGCF = join(import.meta.dir, "..", "..", "fixtures", "escaping-tgcf.ts");
/** TGCF_SERVER_COMMAND for the escaping tgcf. */
export const ESCAPING_TGCF_COMMAND = `${process.execPath} ${ESCAPING_TGCF}`;

/** The three processes the escaping tgcf starts, each in a session of its own, ignoring SIGINT and SIGTERM. */
export interface Escapees {
  /** A child, with tgcf's environment. */
  child: number;
  /** A child with an empty environment: only its parent links it to tgcf. */
  bare: number;
  /** A grandchild orphaned from the start. */
  orphan: number;
}

/** Waits for the escaping tgcf to write `pidFile`, and returns what it started. */
export async function readEscapees(pidFile: string): Promise<Escapees> {
  await waitFor(() => existsSync(pidFile), "the escaping tgcf's pid file");
  const [child, bare, orphan] = readFileSync(pidFile, "utf8").trim().split("\n").map(Number);
  return { child: child!, bare: bare!, orphan: orphan! };
}

export function pidsOf(escapees: Escapees): number[] {
  return [escapees.child, escapees.bare, escapees.orphan];
}

/** Dead: gone from /proc, or a zombie waiting for its parent to reap it. */
export function isDead(pid: number): boolean {
  const state = readProcessStat(pid)?.state;
  return state === undefined || state === "Z";
}

/** SIGKILLs every pid still running, so a failed test leaves nothing behind. */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    if (isDead(pid)) continue;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}
