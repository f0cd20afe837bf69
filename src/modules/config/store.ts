// The config file of one tgcf instance: always read from disk (tgcf rewrites it while running),
// written one writer at a time, atomically, with If-Match checks and a backup of every replaced version.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ApiError, type FieldError } from "../../utils/api-error";
import { removeStaleTempFiles, writeFileAtomically } from "../../utils/atomic-write";
import { readFileNoFollow, RefusedPathError } from "../../utils/safe-fs";
import { BACKUP_DIR_NAME, BackupDirectory, type BackupContent, type BackupInfo } from "./backups";
import { etagOf, readConfigText } from "./config-text";
import { defaultConfig, type TgcfConfig } from "./model";
import { serializeConfig } from "./serialize";
import { writeQueueFor, type WriteQueue } from "./write-queue";

export const CONFIG_FILE_NAME = "tgcf.config.json";
/** The file holds Telegram secrets. */
export const CONFIG_FILE_MODE = 0o600;
/** The ETag of a config file that does not exist yet. */
export const MISSING_CONFIG_ETAG = '"missing"';
const DATA_DIR_MODE = 0o700;

export type ConfigSnapshot =
  | { state: "missing"; config: TgcfConfig; etag: string }
  | { state: "ok"; config: TgcfConfig; etag: string; warnings: string[] }
  | { state: "invalid"; raw: string; errors: FieldError[]; etag: string };

export interface WriteOptions {
  /** The If-Match header: write only if the file still has this ETag (`*`: if the file exists). */
  ifMatch?: string;
}

export interface ConfigStoreOptions {
  /** The clock naming backups (tests pass a fake one). */
  now?: () => Date;
}

interface CurrentFile {
  snapshot: ConfigSnapshot;
  bytes?: Uint8Array;
}

/** Whether an If-Match header allows writing over the file described by `snapshot` (strong comparison). */
export function ifMatchAllows(ifMatch: string | undefined, snapshot: ConfigSnapshot): boolean {
  if (ifMatch === undefined) return true;
  const tags = ifMatch.split(",").map((tag) => tag.trim());
  if (tags.includes("*")) return snapshot.state !== "missing";
  return tags.includes(snapshot.etag);
}

export class ConfigStore {
  readonly configPath: string;
  private readonly backups: BackupDirectory;
  private readonly queue: WriteQueue;

  constructor(
    readonly dataDir: string,
    options: ConfigStoreOptions = {},
  ) {
    this.configPath = join(resolve(dataDir), CONFIG_FILE_NAME);
    this.backups = new BackupDirectory(join(resolve(dataDir), BACKUP_DIR_NAME), options.now);
    this.queue = writeQueueFor(this.configPath);
    removeStaleTempFiles(resolve(dataDir), CONFIG_FILE_NAME);
    this.backups.removeStaleTempFiles();
  }

  /** The file as it is on disk now; a missing file reads as tgcf's defaults and is not created. */
  async read(): Promise<ConfigSnapshot> {
    return (await this.readCurrent()).snapshot;
  }

  /** Writes a validated config in place of the file, whatever the file holds now (even if invalid). */
  replace(config: TgcfConfig, options: WriteOptions = {}): Promise<ConfigSnapshot> {
    return this.replaceFrom(() => config, options);
  }

  /** Like replace, but builds the new config inside the write lock from what is on disk now (to keep its secrets, say). */
  replaceFrom(build: (current: ConfigSnapshot) => TgcfConfig, options: WriteOptions = {}): Promise<ConfigSnapshot> {
    return this.locked(async () => {
      const current = await this.readCurrent();
      this.checkIfMatch(current, options);
      return this.write(current, build(current.snapshot));
    });
  }

  /**
   * Writes `change(current config)`. The change sees the file as it is inside the write lock, so concurrent
   * updates apply one after another. Refused with 409 if the file on disk is not a valid config.
   */
  update(change: (current: TgcfConfig) => TgcfConfig, options: WriteOptions = {}): Promise<ConfigSnapshot> {
    return this.locked(async () => {
      const current = await this.readCurrent();
      if (current.snapshot.state === "invalid") {
        throw new ApiError(
          409,
          "the config file on disk is not valid: fix it with a full save (POST) or restore a backup",
          current.snapshot.errors,
        );
      }
      this.checkIfMatch(current, options);
      return this.write(current, change(current.snapshot.config));
    });
  }

  /** Backups of earlier versions, newest first. */
  listBackups(): Promise<BackupInfo[]> {
    return this.backups.list().catch(refusalAsApiError);
  }

  /** One backup with its raw text, parsed if it is a valid config. 400 for a malformed id, 404 if unknown. */
  readBackup(id: string): Promise<BackupContent> {
    return this.backups.read(id).catch(refusalAsApiError);
  }

  /** Writes a backup's config back as the current file (the current version is backed up first). */
  restoreBackup(id: string, options: WriteOptions = {}): Promise<ConfigSnapshot> {
    return this.locked(async () => {
      const backup = await this.backups.read(id);
      if (backup.state === "invalid") {
        throw new ApiError(422, `backup ${id} is not a valid config and cannot be restored`, backup.errors);
      }
      const current = await this.readCurrent();
      this.checkIfMatch(current, options);
      return this.write(current, backup.config);
    });
  }

  private locked<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task).catch(refusalAsApiError);
  }

  private async readCurrent(): Promise<CurrentFile> {
    const bytes = await readFileNoFollow(this.configPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      return refusalAsApiError(error);
    });
    if (bytes === undefined) return { snapshot: { state: "missing", config: defaultConfig(), etag: MISSING_CONFIG_ETAG } };
    return { snapshot: snapshotOf(bytes), bytes };
  }

  private checkIfMatch(current: CurrentFile, options: WriteOptions): void {
    if (ifMatchAllows(options.ifMatch, current.snapshot)) return;
    throw new ApiError(412, "the config changed since you read it: reload and reapply your change", undefined, {
      ETag: current.snapshot.etag,
    });
  }

  private async write(current: CurrentFile, config: TgcfConfig): Promise<ConfigSnapshot> {
    const bytes = new TextEncoder().encode(serializeConfig(config));
    // Saving what is already there changes nothing, so it neither writes nor uses up a backup.
    if (current.bytes && Buffer.from(current.bytes).equals(bytes)) return snapshotOf(bytes);
    if (current.bytes) await this.backups.add(current.bytes);
    else await mkdir(this.dataDir, { recursive: true, mode: DATA_DIR_MODE });
    await writeFileAtomically(this.configPath, bytes, { mode: CONFIG_FILE_MODE });
    return snapshotOf(bytes);
  }
}

/** A link (or odd entry) planted in the data dir is a fault of the server's disk, told as it is: what to remove. */
function refusalAsApiError(error: unknown): never {
  if (error instanceof RefusedPathError) throw new ApiError(500, error.message);
  throw error;
}

function snapshotOf(bytes: Uint8Array): ConfigSnapshot {
  const etag = etagOf(bytes);
  const read = readConfigText(bytes);
  return read.state === "ok"
    ? { state: "ok", config: read.config, etag, warnings: read.warnings }
    : { state: "invalid", raw: read.raw, errors: read.errors, etag };
}
