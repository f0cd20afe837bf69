// Replacing a file so that readers, crashes and power cuts only ever see the old or the new content.
import { randomBytes } from "node:crypto";
import { closeSync, constants, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { openNoFollow, openNoFollowSync, pathKind } from "./safe-fs";
import { isProcessAlive } from "./process-alive";

/** Files hold secrets unless the caller says otherwise. */
export const DEFAULT_ATOMIC_FILE_MODE = 0o600;
const TEMP_NAME_RANDOM_BYTES = 6;
/** `.<name>.<pid>.<random hex>.tmp`: the pid tells whether its writer may still be alive. */
const TEMP_NAME_PATTERN = new RegExp(`^\\.(.+)\\.(\\d+)\\.[0-9a-f]{${TEMP_NAME_RANDOM_BYTES * 2}}\\.tmp$`);
/** Exclusive create never follows a link at the path; openNoFollow adds O_NOFOLLOW all the same. */
const CREATE_TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

/** Names of the temporary files this process is writing now, which a cleanup must leave alone. */
const tempNamesInFlight = new Set<string>();

export interface AtomicWriteOptions {
  /** Permission bits of the new file (default 0o600), applied regardless of the umask. */
  mode?: number;
  /** Asked after the new content is synced, right before the rename: false leaves `path` as it is. */
  beforeRename?: () => Promise<boolean>;
}

/** A new name for the temporary file of a write to `baseName` by process `pid` (default this one). */
export function temporaryNameOf(baseName: string, pid = process.pid): string {
  return `.${baseName}.${pid}.${randomBytes(TEMP_NAME_RANDOM_BYTES).toString("hex")}.tmp`;
}

function tempPathFor(path: string): string {
  return join(dirname(path), temporaryNameOf(basename(path)));
}

/**
 * Writes `data` to a unique temporary file beside `path`, fsyncs it, renames it over `path`,
 * then fsyncs the directory so the rename itself is durable. On failure the temporary file is removed.
 * A symbolic link at `path` is replaced, not followed (rename acts on the entry itself).
 * Returns false, with nothing replaced, when `beforeRename` said no.
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<boolean> {
  const mode = options.mode ?? DEFAULT_ATOMIC_FILE_MODE;
  const tempPath = tempPathFor(path);
  tempNamesInFlight.add(basename(tempPath));
  try {
    const file = await openNoFollow(tempPath, CREATE_TEMP_FLAGS, mode);
    try {
      await file.chmod(mode);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    if (options.beforeRename && !(await options.beforeRename())) {
      await unlink(tempPath);
      return false;
    }
    await rename(tempPath, path);
  } catch (error) {
    // The temporary file may not exist (open failed); the error worth reporting is the original one.
    await unlink(tempPath).catch(() => undefined);
    throw error;
  } finally {
    tempNamesInFlight.delete(basename(tempPath));
  }
  const directory = await open(dirname(path), "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
  return true;
}

/** writeFileAtomically for code that cannot wait (server start, the log's seq reservation). */
export function writeFileAtomicallySync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? DEFAULT_ATOMIC_FILE_MODE;
  const tempPath = tempPathFor(path);
  try {
    const fd = openNoFollowSync(tempPath, CREATE_TEMP_FLAGS, mode);
    try {
      writeWhole(fd, typeof data === "string" ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tempPath, path);
  } catch (error) {
    try {
      unlinkSync(tempPath);
    } catch {
      // Not created, or already gone: the error worth reporting is the original one.
    }
    throw error;
  }
  const directory = openSync(dirname(path), "r");
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}

function writeWhole(fd: number, bytes: Uint8Array): void {
  let rest = bytes;
  while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
}

/**
 * Removes from `dir` the temporary files of atomic writes cut short by a killed process (each a full copy of the
 * file, secrets included): those of `baseName`, or of any name when it is omitted. A temporary file is kept while
 * its writer may still rename it: a write of this process in flight, or a live process with the pid in its name.
 * A file with our pid and no write in flight is from an earlier process that had our pid (pid 1 in a container).
 * Returns the names removed; a missing `dir` (or a file there) has none.
 */
export function removeStaleTempFiles(dir: string, baseName?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME_PATTERN.exec(name);
    if (!match || (baseName !== undefined && match[1] !== baseName)) continue;
    const pid = Number(match[2]);
    const mayBeWritten = pid === process.pid ? tempNamesInFlight.has(name) : isProcessAlive(pid);
    // Unlinking a link removes the link itself; a directory of that name is none of ours.
    if (mayBeWritten || pathKind(join(dir, name)) === "directory") continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return removed;
}
