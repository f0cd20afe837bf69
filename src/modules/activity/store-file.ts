// Opening <dataDir>/.tgcf-server/activity.sqlite: the owner's alone (0600), never through a link tgcf (the same
// user, writing in the same data dir) could have put there, and set aside rather than fatal when it is damaged.
import { Database } from "bun:sqlite";
import { closeSync, constants, fchmodSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { SERVER_STATE_DIR_MODE, serverStateDirPath } from "../../utils/server-state-dir";
import { ensureRealDir, openNoFollowSync, pathKind, RefusedPathError } from "../../utils/safe-fs";

export const ACTIVITY_DB_FILE = "activity.sqlite";
/** Activity names the chats tgcf forwards: the server's user only. SQLite gives its -wal and -shm files the same mode. */
export const ACTIVITY_DB_MODE = 0o600;
/** What a damaged database is renamed to (replacing the one set aside before), so a person can still look at it. */
export const DAMAGED_SUFFIX = ".damaged";
/** SQLite's own companions of the database file in WAL mode. */
const COMPANION_SUFFIXES = ["-wal", "-shm"];
/** Bounds the WAL file after each checkpoint. */
const JOURNAL_SIZE_LIMIT_BYTES = 4 * 1024 * 1024;
const BUSY_TIMEOUT_MS = 1_000;

export function activityDbPath(dataDir: string): string {
  return join(serverStateDirPath(dataDir), ACTIVITY_DB_FILE);
}

/**
 * The database at `path` in WAL mode, created 0600 if missing (with incremental auto-vacuum, so pruning gives space
 * back). RefusedPathError when it or its -wal/-shm is a link or not a regular file. A file that is not a database,
 * or is corrupt, is renamed to `<path>.damaged` and a new one started; `onDamaged` is told why.
 */
export function openActivityDatabase(path: string, onDamaged: (reason: string) => void): Database {
  try {
    return openChecked(path);
  } catch (error) {
    if (!isDamage(error)) throw error;
    onDamaged(`${path} is damaged (${(error as Error).message}); it was renamed to ${path}${DAMAGED_SUFFIX} and counting starts afresh`);
    renameSync(path, path + DAMAGED_SUFFIX);
    for (const suffix of COMPANION_SUFFIXES) if (pathKind(path + suffix) === "file") renameSync(path + suffix, path + DAMAGED_SUFFIX + suffix);
    return openChecked(path);
  }
}

function openChecked(path: string): Database {
  ensureRealDir(dirname(path), SERVER_STATE_DIR_MODE);
  for (const file of [path, ...COMPANION_SUFFIXES.map((suffix) => path + suffix)]) {
    const kind = pathKind(file);
    if (kind === "symlink") throw new RefusedPathError(file, "symlink");
    if (kind !== "missing" && kind !== "file") throw new RefusedPathError(file, "not-file");
  }
  const fd = openNoFollowSync(path, constants.O_RDWR | constants.O_CREAT, ACTIVITY_DB_MODE);
  try {
    fchmodSync(fd, ACTIVITY_DB_MODE);
  } finally {
    closeSync(fd);
  }
  const database = new Database(path, { readwrite: true, create: false });
  try {
    configure(database);
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

/** Settings every connection needs; auto_vacuum only takes on a database without tables yet. */
export function configure(database: Database): void {
  database.exec("PRAGMA auto_vacuum = INCREMENTAL");
  database.exec("PRAGMA journal_mode = WAL");
  database.exec("PRAGMA synchronous = NORMAL");
  database.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Reads the schema: a file that is not a database fails here (SQLITE_NOTADB), not at the first write.
  database.query("SELECT count(*) FROM sqlite_master").values();
}

function isDamage(error: unknown): boolean {
  const code = String((error as { code?: unknown }).code ?? "");
  return code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT");
}
