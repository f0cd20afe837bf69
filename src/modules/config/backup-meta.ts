// What the server knows about one version of the config file (who wrote it and when), kept for each backup and
// for the current file in the server's own directory (see BackupDirectory), apart from the backups themselves.
import { createHash } from "node:crypto";
import { readConfigText } from "./config-text";
import type { TgcfConfig } from "./model";
import { forwardsOf, OFFSET_FIELD } from "./reapply-diff";
import { isPlainObject, setOwn } from "./safe-object";
import { serializeConfig } from "./serialize";

/**
 * Who wrote a version: "server" (a save, a restore, or saved changes written back over tgcf's write),
 * "external" (another program: tgcf, an editor), or "unknown" (a backup made by a server that kept no such record,
 * or a file found at the first start of one).
 */
export type VersionSource = "server" | "external" | "unknown";

export interface VersionInfo {
  /** ISO time the version was written: the server's write, or the file's modification time for another program's. */
  savedAt: string | null;
  source: VersionSource;
  /** Server writes: who asked ("web UI", "API token"), when the caller said. */
  by?: string;
  /** What else the server knows ("while tgcf ran", "restored backup …", "saved changes written back over tgcf's write"). */
  note?: string;
}

/** A backup's record: its version's info, and its shape (see shapeOf) once computed. */
export interface BackupMeta extends VersionInfo {
  shape?: string;
}

/** The current file's record: which bytes it describes (their ETag) and who wrote them. */
export interface CurrentVersionRecord extends VersionInfo {
  etag: string;
}

export const UNKNOWN_VERSION: VersionInfo = { savedAt: null, source: "unknown" };
const SHAPE_HEX_LENGTH = 32;
const SOURCES: ReadonlySet<string> = new Set<VersionSource>(["server", "external", "unknown"]);

/**
 * A digest of a version with every connection's offset left out: two versions with the same shape differ at most in
 * tgcf's past-mode progress. A file that is not a valid config has the digest of its bytes.
 */
export function shapeOf(bytes: Uint8Array): string {
  const read = readConfigText(bytes);
  return read.state === "ok" ? shapeOfConfig(read.config) : `bytes:${digest(bytes)}`;
}

/** shapeOf for a valid config. */
export function shapeOfConfig(config: TgcfConfig): string {
  const copy = structuredClone(config);
  for (const connection of forwardsOf(copy) ?? []) if (isPlainObject(connection)) setOwn(connection, OFFSET_FIELD, 0);
  return `config:${digest(serializeConfig(copy))}`;
}

function digest(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex").slice(0, SHAPE_HEX_LENGTH);
}

/** The VersionInfo fields of a parsed record, or undefined when it is not one (a damaged record counts as none). */
export function versionInfoOf(value: unknown): VersionInfo | undefined {
  if (!isPlainObject(value) || typeof value.source !== "string" || !SOURCES.has(value.source)) return undefined;
  const savedAt = typeof value.savedAt === "string" ? value.savedAt : null;
  const info: VersionInfo = { savedAt, source: value.source as VersionSource };
  if (typeof value.by === "string") info.by = value.by;
  if (typeof value.note === "string") info.note = value.note;
  return info;
}

export function parseBackupMeta(text: string): BackupMeta | undefined {
  const value = parseOrUndefined(text);
  const info = versionInfoOf(value);
  if (!info || !isPlainObject(value)) return undefined;
  return typeof value.shape === "string" ? { ...info, shape: value.shape } : info;
}

export function parseCurrentVersionRecord(text: string): CurrentVersionRecord | undefined {
  const value = parseOrUndefined(text);
  const info = versionInfoOf(value);
  return info && isPlainObject(value) && typeof value.etag === "string" ? { ...info, etag: value.etag } : undefined;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
