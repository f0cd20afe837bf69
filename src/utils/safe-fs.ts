// Opening the server's files in a data dir that tgcf, running as the same user, can also write: an entry it
// replaced by a symbolic link is refused, never followed, so no file outside the data dir is read or written.
// Directories are checked with lstat right before use. Node has no openat(), so a directory swapped for a link
// between that check and the open is not caught; the files themselves are opened with O_NOFOLLOW.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

/** 0 where the platform has no such flag (Windows): the lstat checks below still refuse links there. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** A FIFO planted where a file should be must not hang the open; it is refused as not a regular file. */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

export type PathKind = "missing" | "symlink" | "directory" | "file" | "other";

const REFUSALS = {
  symlink: (path: string) => `refusing to follow the symbolic link ${path}: remove it`,
  "not-file": (path: string) => `refusing to use ${path}: it is not a regular file; remove it`,
  "not-directory": (path: string) => `refusing to use ${path}: it is not a directory; remove it`,
};

/** A data dir entry the server will not use: a symbolic link, or not the kind of entry it should be. */
export class RefusedPathError extends Error {
  constructor(
    readonly path: string,
    readonly reason: keyof typeof REFUSALS,
  ) {
    super(REFUSALS[reason](path));
    this.name = "RefusedPathError";
  }
}

/** What is at `path` itself (a link is not followed). */
export function pathKind(path: string): PathKind {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return "missing";
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isDirectory()) return "directory";
  return stats.isFile() ? "file" : "other";
}

/** True for a real directory, false when nothing is there; RefusedPathError for a link or anything else. */
export function realDirExists(path: string): boolean {
  const kind = pathKind(path);
  if (kind === "missing") return false;
  if (kind === "symlink") throw new RefusedPathError(path, "symlink");
  if (kind !== "directory") throw new RefusedPathError(path, "not-directory");
  return true;
}

/** Creates the directory (and missing parents) with `mode` unless it exists; RefusedPathError if it is a link or not a directory. */
export function ensureRealDir(path: string, mode: number): void {
  if (pathKind(path) === "missing") mkdirSync(path, { recursive: true, mode });
  realDirExists(path);
}

/**
 * Opens a regular file without following a link at `path` (numeric `flags` such as O_WRONLY | O_APPEND | O_CREAT).
 * RefusedPathError for a link or something other than a regular file; other errors (ENOENT...) as usual.
 */
export function openNoFollowSync(path: string, flags: number, mode?: number): number {
  let fd: number;
  try {
    fd = openSync(path, flags | O_NOFOLLOW | O_NONBLOCK, mode);
  } catch (error) {
    throw refusalOf(path, error);
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw new RefusedPathError(path, "not-file");
  }
  return fd;
}

/** Opens a regular file for reading, never through a link; null when nothing is there. */
export function openForReadingIfExistsSync(path: string): number | null {
  try {
    return openNoFollowSync(path, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** openNoFollowSync, returning a FileHandle. */
export async function openNoFollow(path: string, flags: number, mode?: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, flags | O_NOFOLLOW | O_NONBLOCK, mode);
  } catch (error) {
    throw refusalOf(path, error);
  }
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new RefusedPathError(path, "not-file");
  }
  return handle;
}

/** The whole file; ENOENT when it does not exist, RefusedPathError for a link or a non-file. */
export async function readFileNoFollow(path: string): Promise<Buffer> {
  const handle = await openNoFollow(path, constants.O_RDONLY);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** readFileNoFollow, synchronously. */
export function readFileNoFollowSync(path: string): Buffer {
  const fd = openNoFollowSync(path, constants.O_RDONLY);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

// ELOOP (Linux, macOS), EMLINK (FreeBSD) or EISDIR do not say what the entry is; lstat does.
function refusalOf(path: string, error: unknown): unknown {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return error;
  let kind: PathKind;
  try {
    kind = pathKind(path);
  } catch {
    return error; // the open's own error says more than the lstat's
  }
  if (kind === "symlink") return new RefusedPathError(path, "symlink");
  if (kind === "directory" || kind === "other") return new RefusedPathError(path, "not-file");
  return error;
}
