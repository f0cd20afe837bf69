// Replacing a file so that readers, crashes and power cuts only ever see the old or the new content.
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Files hold secrets unless the caller says otherwise. */
export const DEFAULT_ATOMIC_FILE_MODE = 0o600;
const TEMP_NAME_RANDOM_BYTES = 6;

export interface AtomicWriteOptions {
  /** Permission bits of the new file (default 0o600), applied regardless of the umask. */
  mode?: number;
}

/**
 * Writes `data` to a unique temporary file beside `path`, fsyncs it, renames it over `path`,
 * then fsyncs the directory so the rename itself is durable. On failure the temporary file is removed.
 */
export async function writeFileAtomically(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? DEFAULT_ATOMIC_FILE_MODE;
  const directory = dirname(path);
  const tempPath = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(TEMP_NAME_RANDOM_BYTES).toString("hex")}.tmp`);
  try {
    const file = await open(tempPath, "wx", mode);
    try {
      await file.chmod(mode);
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tempPath, path);
  } catch (error) {
    // The temporary file may not exist (open failed); the error worth reporting is the original one.
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
