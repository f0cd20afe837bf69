// The API token: from the settings, or generated once and kept in the data dir (mode 0600).
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { writeFileAtomicallySync } from "../../utils/atomic-write";
import { readFileNoFollowSync } from "../../utils/safe-fs";
import { serverStateDir } from "../../utils/server-state-dir";

export const GENERATED_TOKEN_BYTES = 32;
export const TOKEN_FILE_NAME = "token";
const TOKEN_FILE_MODE = 0o600;

export interface LoadedToken {
  token: string;
  source: "setting" | "file" | "generated";
  path: string | null;
}

/**
 * The configured token, else the one kept in <dataDir>/.tgcf-server/token, else a new one written there.
 * Throws RefusedPathError when that file or its directory is a symbolic link: the server does not start with a
 * token read from, or written to, wherever a link planted in the data dir points.
 */
export function loadOrCreateToken(dataDir: string, configured: string | null): LoadedToken {
  if (configured) return { token: configured, source: "setting", path: null };
  const path = join(serverStateDir(dataDir), TOKEN_FILE_NAME);
  const stored = readStoredToken(path);
  if (stored) return { token: stored, source: "file", path };
  const token = randomBytes(GENERATED_TOKEN_BYTES).toString("base64url");
  writeFileAtomicallySync(path, token + "\n", { mode: TOKEN_FILE_MODE });
  return { token, source: "generated", path };
}

function readStoredToken(path: string): string | null {
  try {
    return readFileNoFollowSync(path).toString("utf8").trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
