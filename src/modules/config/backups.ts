// Earlier versions of the config file, one file per version in <dataDir>/backups, newest kept, each with a record
// of who wrote it and when (see backup-meta.ts) in <dataDir>/.tgcf-server/backup-records/<id>.json.
import { lstat, readdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ApiError } from "../../utils/api-error";
import { removeStaleTempFiles, writeFileAtomically } from "../../utils/atomic-write";
import { ensureRealDir, pathKind, readFileNoFollow, realDirExists, RefusedPathError } from "../../utils/safe-fs";
import {
  parseBackupMeta,
  parseCurrentVersionRecord,
  shapeOf,
  UNKNOWN_VERSION,
  type BackupMeta,
  type CurrentVersionRecord,
  type VersionInfo,
} from "./backup-meta";
import { readConfigText, type ConfigTextRead } from "./config-text";

export type { VersionInfo, VersionSource } from "./backup-meta";

/** How many earlier versions are kept. */
export const MAX_BACKUPS = 20;
export const BACKUP_DIR_NAME = "backups";
export const BACKUP_FILE_MODE = 0o600;
const BACKUP_DIR_MODE = 0o700;
const BACKUP_FILE_SUFFIX = ".json";
/** In the server's own directory: backups hold only versions, as a person restoring one by hand expects. */
export const BACKUP_RECORDS_DIR_NAME = "backup-records";
/** The record of the current config file, among the backups' records. */
export const CURRENT_VERSION_RECORD_NAME = "current.json";
const COUNTER_DIGITS = 3;
/** UTC time to the millisecond, then a counter for versions saved within the same millisecond. */
const BACKUP_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z(?:-(\d{3}))?$/;

/** One backup in the list: one earlier version of tgcf.config.json. */
export interface BackupInfo {
  /** Names the backup; sorts by the time the backup was made (createdAt). */
  id: string;
  /** When the backup was made: the moment this version was replaced (the same as replacedAt; kept for older clients). */
  createdAt: string;
  /** Bytes of this version. */
  size: number;
  /** When this version was written (see VersionInfo.savedAt); null for backups made before the server recorded it. */
  savedAt: string | null;
  /** When the next version replaced this one. */
  replacedAt: string;
  /** Who wrote this version (see VersionSource). */
  source: VersionInfo["source"];
  /** For server writes: who asked ("web UI", "API token"). */
  by?: string;
  /** What else the server knows about this version ("while tgcf ran" ...). */
  note?: string;
}

/** A backup's metadata and its text, read like the live file (it may not be a valid config). */
export type BackupContent = BackupInfo & ConfigTextRead;

export function isBackupId(id: string): boolean {
  return BACKUP_ID_PATTERN.test(id);
}

/** The name of backup `id`'s file in the backups directory. */
export function backupFileName(id: string): string {
  return `${id}${BACKUP_FILE_SUFFIX}`;
}

function recordFileName(id: string): string {
  return `${id}${BACKUP_FILE_SUFFIX}`;
}

function createdAtOf(id: string): string {
  const [, year, month, day, hour, minute, second, millisecond] = BACKUP_ID_PATTERN.exec(id) ?? [];
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${millisecond}Z`;
}

function timestampIdOf(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, "");
}

/** The next id: the time now, or after the newest existing id if that is not earlier (same millisecond, clock set back). */
export function nextBackupId(now: Date, newestId: string | undefined): string {
  const candidate = timestampIdOf(now);
  if (newestId === undefined || candidate > newestId.slice(0, candidate.length)) return candidate;
  const [base = candidate, counter = "0"] = newestId.split("-");
  return `${base}-${String(Number(counter) + 1).padStart(COUNTER_DIGITS, "0")}`;
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === "ENOENT") return undefined;
  throw error;
}

function infoOf(id: string, size: number, version: VersionInfo): BackupInfo {
  const replacedAt = createdAtOf(id);
  const info: BackupInfo = { id, createdAt: replacedAt, size, savedAt: version.savedAt, replacedAt, source: version.source };
  if (version.by !== undefined) info.by = version.by;
  if (version.note !== undefined) info.note = version.note;
  return info;
}

/**
 * The backups directory. A symbolic link in place of it or of a backup file (tgcf shares the data dir) is never
 * followed: the directory is refused with RefusedPathError, a linked file is left out of the list and refused by read.
 */
export class BackupDirectory {
  /** Backup records never change once written; null: a backup without one (made by an older server). */
  private readonly metaCache = new Map<string, BackupMeta | null>();
  /** Shapes of backups, computed from their bytes when first needed. */
  private readonly shapeCache = new Map<string, string>();

  /** `path`: the backups; `recordsPath`: their records (see BACKUP_RECORDS_DIR_NAME). */
  constructor(
    readonly path: string,
    readonly recordsPath: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Removes the temporary files of backups cut short by a killed server (full copies of the config, secrets included). */
  removeStaleTempFiles(): void {
    // A link here is refused, with its path, by the next list, read or add.
    for (const dir of [this.path, this.recordsPath]) if (pathKind(dir) === "directory") removeStaleTempFiles(dir);
  }

  /** Backups, newest first. */
  async list(): Promise<BackupInfo[]> {
    const ids = await this.ids();
    const infos = await Promise.all(ids.map((id) => this.listedInfoOf(id)));
    return infos.filter((info) => info !== undefined);
  }

  /** One backup; ApiError 400 for a malformed id (checked before any path is built), 404 if there is none. */
  async read(id: string): Promise<BackupContent> {
    if (!isBackupId(id)) throw new ApiError(400, "malformed backup id: use an id from the backup list, such as 20261124T113000123Z");
    if (!realDirExists(this.path)) throw new ApiError(404, `no backup with id ${id}`);
    const bytes = await readFileNoFollow(this.fileOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new ApiError(404, `no backup with id ${id}`);
      throw error;
    });
    return { ...infoOf(id, bytes.length, (await this.metaOf(id)) ?? UNKNOWN_VERSION), ...readConfigText(bytes) };
  }

  /** Keeps `bytes` as the newest backup with its record, then removes all but the newest MAX_BACKUPS. */
  async add(bytes: Uint8Array, version: VersionInfo = UNKNOWN_VERSION, shape?: string): Promise<BackupInfo> {
    ensureRealDir(this.path, BACKUP_DIR_MODE);
    const existing = await this.ids();
    const id = nextBackupId(this.now(), existing[0]);
    const meta: BackupMeta = shape === undefined ? version : { ...version, shape };
    await writeFileAtomically(this.fileOf(id), bytes, { mode: BACKUP_FILE_MODE });
    this.ensureRecordsDir();
    await writeFileAtomically(this.recordOf(id), JSON.stringify(meta), { mode: BACKUP_FILE_MODE });
    this.metaCache.set(id, meta);
    if (shape !== undefined) this.shapeCache.set(id, shape);
    for (const old of existing.slice(MAX_BACKUPS - 1)) await this.remove(old);
    return infoOf(id, bytes.length, version);
  }

  /** Whether a backup holds a version with this shape (see shapeOf): one that differs from it at most in offsets. */
  async holdsShape(shape: string): Promise<boolean> {
    for (const id of await this.ids()) if ((await this.shapeOfBackup(id)) === shape) return true;
    return false;
  }

  /** The record of the current config file, or undefined when there is none (or it is damaged). */
  async readCurrentVersion(): Promise<CurrentVersionRecord | undefined> {
    if (!realDirExists(dirname(this.recordsPath)) || !realDirExists(this.recordsPath)) return undefined;
    const bytes = await readFileNoFollow(join(this.recordsPath, CURRENT_VERSION_RECORD_NAME)).catch(ignoreMissing);
    return bytes === undefined ? undefined : parseCurrentVersionRecord(bytes.toString("utf8"));
  }

  async writeCurrentVersion(record: CurrentVersionRecord): Promise<void> {
    this.ensureRecordsDir();
    await writeFileAtomically(join(this.recordsPath, CURRENT_VERSION_RECORD_NAME), JSON.stringify(record), { mode: BACKUP_FILE_MODE });
  }

  /** Backup ids, newest first. */
  private async ids(): Promise<string[]> {
    if (!realDirExists(this.path)) return [];
    const names = (await readdir(this.path).catch(ignoreMissing)) ?? [];
    return names
      .filter((name) => name.endsWith(BACKUP_FILE_SUFFIX))
      .map((name) => name.slice(0, -BACKUP_FILE_SUFFIX.length))
      .filter(isBackupId)
      .sort()
      .reverse();
  }

  // undefined when the file went away since the directory was listed (pruned meanwhile), or is not a file of ours.
  private async listedInfoOf(id: string): Promise<BackupInfo | undefined> {
    const stats = await lstat(this.fileOf(id)).catch(ignoreMissing);
    if (!stats?.isFile()) return undefined;
    return infoOf(id, stats.size, (await this.metaOf(id)) ?? UNKNOWN_VERSION);
  }

  private async metaOf(id: string): Promise<BackupMeta | undefined> {
    const cached = this.metaCache.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const bytes = await readFileNoFollow(this.recordOf(id)).catch((error: NodeJS.ErrnoException) => {
      // A record that is missing, damaged or a planted link says nothing: the backup is listed as unknown.
      if (error.code === "ENOENT" || error instanceof RefusedPathError) return undefined;
      throw error;
    });
    const meta = bytes === undefined ? undefined : parseBackupMeta(bytes.toString("utf8"));
    this.metaCache.set(id, meta ?? null);
    return meta;
  }

  private async shapeOfBackup(id: string): Promise<string | undefined> {
    let shape = this.shapeCache.get(id) ?? (await this.metaOf(id))?.shape;
    if (shape === undefined) {
      // A backup gone meanwhile, or a planted link (refused by read), holds no version to compare with.
      const bytes = await readFileNoFollow(this.fileOf(id)).catch(() => undefined);
      if (bytes === undefined) return undefined;
      shape = shapeOf(bytes);
      this.shapeCache.set(id, shape);
    }
    return shape;
  }

  private async remove(id: string): Promise<void> {
    await unlink(this.fileOf(id)).catch(ignoreMissing);
    await unlink(this.recordOf(id)).catch(ignoreMissing);
    this.metaCache.delete(id);
    this.shapeCache.delete(id);
  }

  private fileOf(id: string): string {
    return join(this.path, backupFileName(id));
  }


  /** The records live in the server's state dir: it is checked too, since a link planted there would carry them out. */
  private ensureRecordsDir(): void {
    ensureRealDir(dirname(this.recordsPath), BACKUP_DIR_MODE);
    ensureRealDir(this.recordsPath, BACKUP_DIR_MODE);
  }

  private recordOf(id: string): string {
    return join(this.recordsPath, recordFileName(id));
  }
}
