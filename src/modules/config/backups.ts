// Earlier versions of the config file, one file per version in <dataDir>/backups, newest kept.
import { lstat, readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import { ApiError } from "../../utils/api-error";
import { removeStaleTempFiles, writeFileAtomically } from "../../utils/atomic-write";
import { ensureRealDir, pathKind, readFileNoFollow, realDirExists } from "../../utils/safe-fs";
import { readConfigText, type ConfigTextRead } from "./config-text";

/** How many earlier versions are kept. */
export const MAX_BACKUPS = 20;
export const BACKUP_DIR_NAME = "backups";
export const BACKUP_FILE_MODE = 0o600;
const BACKUP_DIR_MODE = 0o700;
const BACKUP_FILE_SUFFIX = ".json";
const COUNTER_DIGITS = 3;
/** UTC time to the millisecond, then a counter for versions saved within the same millisecond. */
const BACKUP_ID_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z(?:-(\d{3}))?$/;

export interface BackupInfo {
  id: string;
  /** ISO 8601 time the version was replaced. */
  createdAt: string;
  size: number;
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

/**
 * The backups directory. A symbolic link in place of it or of a backup file (tgcf shares the data dir) is never
 * followed: the directory is refused with RefusedPathError, a linked file is left out of the list and refused by read.
 */
export class BackupDirectory {
  constructor(
    readonly path: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Removes the temporary files of backups cut short by a killed server (full copies of the config, secrets included). */
  removeStaleTempFiles(): void {
    // A link here is refused, with its path, by the next list, read or add.
    if (pathKind(this.path) === "directory") removeStaleTempFiles(this.path);
  }

  /** Backups, newest first. */
  async list(): Promise<BackupInfo[]> {
    if (!realDirExists(this.path)) return [];
    const names = (await readdir(this.path).catch(ignoreMissing)) ?? [];
    const ids = names
      .filter((name) => name.endsWith(BACKUP_FILE_SUFFIX))
      .map((name) => name.slice(0, -BACKUP_FILE_SUFFIX.length))
      .filter(isBackupId)
      .sort()
      .reverse();
    const infos = await Promise.all(ids.map((id) => this.infoOf(id)));
    return infos.filter((info) => info !== undefined);
  }

  // undefined when the file went away since the directory was listed (pruned meanwhile), or is not a file of ours.
  private async infoOf(id: string): Promise<BackupInfo | undefined> {
    const stats = await lstat(this.fileOf(id)).catch(ignoreMissing);
    return stats?.isFile() ? { id, createdAt: createdAtOf(id), size: stats.size } : undefined;
  }

  /** One backup; ApiError 400 for a malformed id (checked before any path is built), 404 if there is none. */
  async read(id: string): Promise<BackupContent> {
    if (!isBackupId(id)) throw new ApiError(400, "malformed backup id: use an id from the backup list, such as 20261124T113000123Z");
    if (!realDirExists(this.path)) throw new ApiError(404, `no backup with id ${id}`);
    const bytes = await readFileNoFollow(this.fileOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new ApiError(404, `no backup with id ${id}`);
      throw error;
    });
    return { id, createdAt: createdAtOf(id), size: bytes.length, ...readConfigText(bytes) };
  }

  /** Keeps `bytes` as the newest backup, then removes all but the newest MAX_BACKUPS. */
  async add(bytes: Uint8Array): Promise<BackupInfo> {
    ensureRealDir(this.path, BACKUP_DIR_MODE);
    const existing = await this.list();
    const id = nextBackupId(this.now(), existing[0]?.id);
    await writeFileAtomically(this.fileOf(id), bytes, { mode: BACKUP_FILE_MODE });
    for (const old of existing.slice(MAX_BACKUPS - 1)) await unlink(this.fileOf(old.id)).catch(ignoreMissing);
    return { id, createdAt: createdAtOf(id), size: bytes.length };
  }

  private fileOf(id: string): string {
    return join(this.path, backupFileName(id));
  }
}
