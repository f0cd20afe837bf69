import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** The server's own files inside a data dir (token, sessions, desired state), kept apart from tgcf's. */
export const SERVER_STATE_DIR_NAME = ".tgcf-server";

export function serverStateDir(dataDir: string): string {
  const dir = join(dataDir, SERVER_STATE_DIR_NAME);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
