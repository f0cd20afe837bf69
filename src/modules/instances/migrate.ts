// The one-time move of a single-instance data dir (tgcf's files at its root) into <data>/instances/default.
// A journal lists every move before the first one; each step is a rename that is skipped once done, so a server
// killed in the middle finishes the same moves at its next start.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { readFileNoFollowSync, ensureRealDir } from "../../utils/safe-fs";
import { writeFileAtomicallySync } from "../../utils/atomic-write";
import { SERVER_STATE_DIR_MODE, SERVER_STATE_DIR_NAME, serverStateDirPath } from "../../utils/server-state-dir";
import { DEFAULT_INSTANCE_ID, INSTANCE_DIR_MODE, INSTANCES_DIR_NAME, instanceDirPath, instancesDirPath, TRASH_DIR_NAME } from "./layout";

export const MIGRATION_JOURNAL_FILE = "migration.json";
/** Test only: the migration kills its own process (SIGKILL) after this many moves, to prove a restart finishes it. */
export const MIGRATION_KILL_AFTER_ENV = "TGCF_SERVER_TEST_MIGRATION_KILL_AFTER";

/** What stays in <data>/.tgcf-server: the server's own state, shared by every instance. */
const SERVER_WIDE_STATE = [/^\.?(token|sessions\.json|migration\.json|alerts\.json|alerts-history\.json)(\.|$)/, /^\.?tgcf-(venv|install)/];
/** What stays at the root of the data dir. */
const ROOT_ENTRIES_KEPT = new Set([SERVER_STATE_DIR_NAME, INSTANCES_DIR_NAME, TRASH_DIR_NAME]);

interface Move {
  from: string;
  to: string;
}
interface Journal {
  version: 1;
  instance: string;
  moves: Move[];
}

export interface MigrationReport {
  /** The moves made (or found made by an earlier, interrupted start). */
  moved: number;
  resumed: boolean;
}

function journalPath(dataDir: string): string {
  return join(serverStateDirPath(dataDir), MIGRATION_JOURNAL_FILE);
}

/** The moves that turn today's single-instance layout into instances/default, by names relative to the data dir. */
function planMoves(dataDir: string): Move[] {
  const target = join(INSTANCES_DIR_NAME, DEFAULT_INSTANCE_ID);
  const moves: Move[] = [];
  for (const name of readdirSync(dataDir)) {
    if (!ROOT_ENTRIES_KEPT.has(name)) moves.push({ from: name, to: join(target, name) });
  }
  const stateDir = serverStateDirPath(dataDir);
  if (existsSync(stateDir)) {
    for (const name of readdirSync(stateDir)) {
      if (SERVER_WIDE_STATE.some((pattern) => pattern.test(name))) continue;
      moves.push({ from: join(SERVER_STATE_DIR_NAME, name), to: join(target, SERVER_STATE_DIR_NAME, name) });
    }
  }
  return moves;
}

/**
 * Brings the data dir to the multi-instance layout: finishes an interrupted migration, migrates a single-instance
 * data dir, or, for a new data dir, creates instances/default. Returns null when the layout was already current.
 */
export function migrateDataDir(dataDir: string, log: (line: string) => void = () => {}): MigrationReport | null {
  ensureRealDir(serverStateDirPath(dataDir), SERVER_STATE_DIR_MODE);
  const path = journalPath(dataDir);
  let journal: Journal;
  let resumed = false;
  if (existsSync(path)) {
    journal = JSON.parse(readFileNoFollowSync(path).toString("utf8")) as Journal;
    resumed = true;
    log(`finishing the move of the data dir into instances/${journal.instance} that an earlier start began`);
  } else {
    if (existsSync(instancesDirPath(dataDir))) return null;
    journal = { version: 1, instance: DEFAULT_INSTANCE_ID, moves: planMoves(dataDir) };
    // Written before anything moves: from here on every start finishes these moves.
    writeFileAtomicallySync(path, JSON.stringify(journal, null, 2));
    if (journal.moves.length > 0) log(`moving this data dir's tgcf files into instances/${journal.instance} (${journal.moves.length} entries; see README "Data dir layout")`);
  }

  const instanceDir = instanceDirPath(dataDir, journal.instance);
  mkdirSync(instancesDirPath(dataDir), { recursive: true, mode: INSTANCE_DIR_MODE });
  mkdirSync(join(instanceDir, SERVER_STATE_DIR_NAME), { recursive: true, mode: INSTANCE_DIR_MODE });
  const killAfter = Number(process.env[MIGRATION_KILL_AFTER_ENV] ?? NaN);
  let moved = 0;
  for (const move of journal.moves) {
    const from = join(dataDir, move.from);
    const to = join(dataDir, move.to);
    const done = !existsSync(from) && existsSync(to);
    if (!done) {
      if (existsSync(to)) throw new Error(`cannot move ${from} to ${to}: both exist; remove the one you do not need and start again`);
      if (existsSync(from)) renameSync(from, to);
    }
    moved++;
    if (moved === killAfter) process.kill(process.pid, "SIGKILL");
  }
  rmSync(path, { force: true });
  return { moved, resumed };
}
