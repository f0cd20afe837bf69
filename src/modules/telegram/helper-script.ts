// The Python helper's source, embedded in the executable, written to a private temporary file for each run.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import helperSource from "./helper.py" with { type: "text" };

export const HELPER_FILE_NAME = "tgcf_server_telegram_helper.py";
const HELPER_DIR_PREFIX = "tgcf-server-telegram-";
/** Only the server's user may read the helper or its directory. */
const HELPER_FILE_MODE = 0o600;

export interface HelperScript {
  /** The directory holding the file (mode 0700, from mkdtemp); the helper runs in it. */
  dir: string;
  path: string;
  /** Deletes the file and its directory; safe to call twice. */
  remove(): void;
}

/** The helper's Python source as embedded. */
export function helperSourceText(): string {
  return helperSource;
}

/** Writes the helper into a new private temporary directory. */
export function writeHelperScript(parentDir: string = tmpdir()): HelperScript {
  const dir = mkdtempSync(join(parentDir, HELPER_DIR_PREFIX));
  const path = join(dir, HELPER_FILE_NAME);
  writeFileSync(path, helperSource, { mode: HELPER_FILE_MODE, flag: "wx" });
  return { dir, path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
