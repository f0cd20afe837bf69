// Finding the tgcf left running by a server that died without stopping it (SIGKILL, OOM, power cut).
import { basename } from "node:path";
import type { ChildRecord, StateFiles } from "./desired-state";
import type { ProcessFamily, ProcessGroups } from "./process-group";
import type { RunContext } from "./run";
import { terminateFamily } from "./terminate";

/**
 * True if `actual` (read from /proc) is what exec made of `spawned`. The kernel runs a script
 * through its interpreter and shims (pyenv) exec the real script, so only the arguments must match
 * exactly; the program is recognised by its file name: ["/usr/bin/tgcf", "live", "--loud"] matches
 * ["/usr/bin/python3", "/opt/venv/bin/tgcf", "live", "--loud"].
 */
export function matchesCommandLine(spawned: readonly string[], actual: readonly string[]): boolean {
  const [program, ...args] = spawned;
  if (program === undefined || actual.length < spawned.length) return false;
  const actualArgs = actual.slice(actual.length - args.length);
  if (args.some((arg, index) => actualArgs[index] !== arg)) return false;
  const actualProgram = actual[actual.length - spawned.length]!;
  return basename(actualProgram) === basename(program);
}

export type OrphanSearch =
  | { kind: "gone" }
  /** The pid now belongs to another program: leave it alone. */
  | { kind: "pid-reused" }
  | { kind: "running"; pgid: number };

/** Whether the child recorded in `record` still runs; it leads its own group, so pgid = pid. */
export function findOrphan(record: ChildRecord, groups: ProcessGroups): OrphanSearch {
  const commandLine = groups.commandLineOf(record.pid);
  if (commandLine === null) return { kind: "gone" };
  if (!matchesCommandLine(record.commandLine, commandLine)) return { kind: "pid-reused" };
  return { kind: "running", pgid: record.pid };
}

/**
 * Stops the tgcf recorded in child.json if it still runs (a previous server died without stopping
 * it), and whatever else carries this data dir's family tag (what a tgcf started, in another session,
 * that outlived it); reports what it did as system lines, then forgets the record.
 */
export async function stopOrphan(files: StateFiles, { groups, clock, terminateOptions, output, familyTag }: RunContext): Promise<void> {
  let record: ChildRecord | null = null;
  try {
    record = await files.readChildRecord();
  } catch (error) {
    output.system(`ignoring the saved child record: ${(error as Error).message}`);
  }
  const search = record === null ? null : findOrphan(record, groups);
  if (record !== null && search?.kind === "running") {
    output.system(`tgcf pid ${record.pid} (started ${record.startTime}) outlived the previous server; stopping it`);
    // Not our child, so there is nothing to reap: wait on the family alone.
    const result = await terminateFamily(groups.familyOf(search.pgid, familyTag), Promise.resolve(), clock, terminateOptions);
    output.system(result.familyGone ? `stopped pid ${record.pid}` : `processes started by pid ${record.pid} survived SIGKILL`);
  } else {
    if (record !== null && search?.kind === "pid-reused") {
      // Its command line is not quoted: it is another program's and may hold secrets.
      output.system(`pid ${record.pid} from child.json now belongs to another program; leaving it alone`);
    }
    await stopLeftovers(groups.familyOf(null, familyTag), { clock, terminateOptions, output });
  }
  await files.removeChildRecord().catch((error: unknown) => {
    output.system(`could not remove child.json: ${(error as Error).message}`);
  });
}

/** Stops processes a tgcf of this data dir started and left behind when it ended, found by their tag alone. */
async function stopLeftovers(family: ProcessFamily, { clock, terminateOptions, output }: Pick<RunContext, "clock" | "terminateOptions" | "output">): Promise<void> {
  const pids = family.alivePids();
  if (pids.length === 0) return;
  output.system(`processes started by an earlier tgcf are still running (pids ${pids.join(", ")}); stopping them`);
  const result = await terminateFamily(family, Promise.resolve(), clock, terminateOptions);
  output.system(result.familyGone ? `stopped pids ${pids.join(", ")}` : `processes started by an earlier tgcf survived SIGKILL (pids ${family.alivePids().join(", ")})`);
}
