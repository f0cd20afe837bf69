// One install at a time per data dir, across processes: the server and `tgcf-server tgcf install` share this lock.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { isProcessAlive } from "../../utils/process-alive";

/** Another install holds the lock (here, or in another process). */
export class InstallBusyError extends Error {
  override name = "InstallBusyError";
}

const LOCK_FILE_MODE = 0o600;

/**
 * Takes the lock at `path` (a file holding the owner's pid) and returns its release. A lock whose process is gone
 * (a crashed install) is taken over. InstallBusyError when a live process holds it.
 */
export function acquireInstallLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    // Written aside, then linked into place: the lock never exists without its owner's pid in it.
    const draft = `${path}.${process.pid}.draft`;
    writeFileSync(draft, String(process.pid), { mode: LOCK_FILE_MODE });
    try {
      linkSync(draft, path);
      return () => releaseIfOurs(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      removeQuietly(draft);
    }
    const owner = ownerOf(path);
    if (owner !== null && owner !== process.pid && isProcessAlive(owner)) {
      throw new InstallBusyError(`another tgcf install is running (process ${owner}): wait for it to finish, or cancel it`);
    }
    if (owner === process.pid) throw new InstallBusyError("a tgcf install is already running: wait for it to finish, or cancel it");
    removeQuietly(path); // its owner is gone: the lock is stale
  }
  throw new InstallBusyError(`could not take the install lock ${path}: another install keeps taking it`);
}

function releaseIfOurs(path: string): void {
  if (ownerOf(path) === process.pid) removeQuietly(path);
}

function ownerOf(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null; // gone or unreadable: nobody owns it
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
