// The API token: from the settings, or generated once and kept in the data dir (mode 0600).
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { serverStateDir } from "../../utils/server-state-dir";

export const GENERATED_TOKEN_BYTES = 32;
const TOKEN_FILE_NAME = "token";

export interface LoadedToken {
  token: string;
  source: "setting" | "file" | "generated";
  path: string | null;
}

export function loadOrCreateToken(dataDir: string, configured: string | null): LoadedToken {
  if (configured) return { token: configured, source: "setting", path: null };
  const path = join(serverStateDir(dataDir), TOKEN_FILE_NAME);
  if (existsSync(path)) {
    const stored = readFileSync(path, "utf8").trim();
    if (stored.length > 0) return { token: stored, source: "file", path };
  }
  const token = randomBytes(GENERATED_TOKEN_BYTES).toString("base64url");
  writeFileSync(path, token + "\n", { mode: 0o600 });
  chmodSync(path, 0o600); // writeFileSync's mode applies only to a file it creates
  return { token, source: "generated", path };
}
