// Reading tgcf.config.json as other programs leave it: tgcf rewrites it in place (truncate, then write), so a read
// can catch it empty or cut short; such a read is retried for a while before the content counts as what is there.
import { lstat } from "node:fs/promises";
import { readFileNoFollow } from "../../utils/safe-fs";
import { etagOf, readConfigText } from "./config-text";
import { defaultConfig } from "./model";
import type { ConfigSnapshot } from "./store";
import { looksHalfWritten } from "./watch-file";

/** The ETag of a config file that does not exist yet. */
export const MISSING_CONFIG_ETAG = '"missing"';

export interface ConfigFileRead {
  snapshot: ConfigSnapshot;
  /** undefined: there is no file. */
  bytes?: Uint8Array;
  /** ISO time of the file's last modification (the time of the read when there is no file). */
  modifiedAt: string;
}

/**
 * The file at `path`; while it looks half-written (see looksHalfWritten) it is read again every `retryMs`, for up to
 * `settleMs`. A missing file reads as tgcf's defaults. RefusedPathError for a link or a non-file.
 */
export async function readConfigFile(path: string, settleMs = 0, retryMs = settleMs): Promise<ConfigFileRead> {
  const deadline = Date.now() + settleMs;
  let raw = await readRaw(path);
  while (looksHalfWritten(raw.bytes) && Date.now() < deadline) {
    await Bun.sleep(retryMs);
    raw = await readRaw(path);
  }
  return { ...raw, snapshot: raw.bytes === undefined ? missingSnapshot() : snapshotOf(raw.bytes) };
}

export function snapshotOf(bytes: Uint8Array): ConfigSnapshot {
  const etag = etagOf(bytes);
  const read = readConfigText(bytes);
  return read.state === "ok"
    ? { state: "ok", config: read.config, etag, warnings: read.warnings }
    : { state: "invalid", raw: read.raw, errors: read.errors, etag };
}

export function missingSnapshot(): ConfigSnapshot {
  return { state: "missing", config: defaultConfig(), etag: MISSING_CONFIG_ETAG };
}

async function readRaw(path: string): Promise<Omit<ConfigFileRead, "snapshot">> {
  const bytes = await readFileNoFollow(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  // Read after the content: a write between the two dates it a little late, never too early.
  const stats = bytes === undefined ? undefined : await lstat(path).catch(() => undefined);
  return { bytes, modifiedAt: (stats?.mtime ?? new Date()).toISOString() };
}
