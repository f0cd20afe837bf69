// The server's own files inside a data dir (token, sessions, desired state), kept apart from tgcf's.
import { join } from "node:path";
import { removeStaleTempFiles } from "./atomic-write";
import { ensureRealDir } from "./safe-fs";

export const SERVER_STATE_DIR_NAME = ".tgcf-server";
/** It holds the token: the server's user only. */
export const SERVER_STATE_DIR_MODE = 0o700;

export function serverStateDirPath(dataDir: string): string {
  return join(dataDir, SERVER_STATE_DIR_NAME);
}

/**
 * The directory, created if missing, without the temporary files that writes cut short by a killed server left.
 * RefusedPathError when it is a symbolic link or not a directory (tgcf, in the same data dir, could have made it).
 */
export function serverStateDir(dataDir: string): string {
  const dir = serverStateDirPath(dataDir);
  ensureRealDir(dir, SERVER_STATE_DIR_MODE);
  removeStaleTempFiles(dir);
  return dir;
}
