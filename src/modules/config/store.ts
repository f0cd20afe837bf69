// The config file of one tgcf instance: always read from disk (tgcf rewrites it while running), written one writer
// at a time, atomically, with If-Match checks. Every version, whoever wrote it, is backed up when replaced, unless a
// backup differs from it only in tgcf's progress (backup-versions.ts); changes saved while tgcf runs are written
// back over its writes of the copy it started with (reapply-*.ts).
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ApiError, type FieldError } from "../../utils/api-error";
import { removeStaleTempFiles } from "../../utils/atomic-write";
import { RefusedPathError } from "../../utils/safe-fs";
import { serverStateDirPath } from "../../utils/server-state-dir";
import type { VersionInfo } from "./backup-meta";
import { VersionHistory, type ReplacedBy } from "./backup-versions";
import { BACKUP_DIR_NAME, BACKUP_RECORDS_DIR_NAME, BackupDirectory, type BackupContent, type BackupInfo } from "./backups";
import { changedFields, type ConfigFileChange } from "./external-change";
import { MISSING_CONFIG_ETAG, readConfigFile, snapshotOf, type ConfigFileRead } from "./external-read";
import type { TgcfConfig } from "./model";
import { sameJson } from "./reapply-diff";
import { TgcfRunSaves, ThrottledTask } from "./reapply-run";
import { ChangedMeanwhile, replaceFileIfUnchanged, retryWhileChanged } from "./reapply-write";
import { serializeConfig } from "./serialize";
import { ConfigWatch, HALF_WRITTEN_GRACE_MS, HALF_WRITTEN_RETRY_MS } from "./watch-config";
import { writeQueueFor, type WriteQueue } from "./write-queue";

export type { ConfigFileChange } from "./external-change";
export { MISSING_CONFIG_ETAG } from "./external-read";

export const CONFIG_FILE_NAME = "tgcf.config.json";
/** The file holds Telegram secrets. */
export const CONFIG_FILE_MODE = 0o600;
const DATA_DIR_MODE = 0o700;

const WRITTEN_BACK = "the changes saved since tgcf started, written back over tgcf's write";

export type ConfigSnapshot =
  | { state: "missing"; config: TgcfConfig; etag: string }
  | { state: "ok"; config: TgcfConfig; etag: string; warnings: string[] }
  | { state: "invalid"; raw: string; errors: FieldError[]; etag: string };

export interface WriteOptions {
  /** The If-Match header: write only if the file still has this ETag (`*`: if the file exists). */
  ifMatch?: string;
  /** Who asked ("web UI", "API token"): kept with the version, shown in the backup list once it is replaced. */
  by?: string;
}

export interface ConfigStoreOptions {
  /** The clock naming backups and dating versions (tests pass a fake one). */
  now?: () => Date;
}

export interface WatchOptions {
  /** Where system lines go (the instance's log): changes made by other programs, failed write-backs. */
  log?: (line: string) => void;
  /** The fallback check's period; default WATCH_POLL_MS (1 s). */
  pollMs?: number;
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
  private readonly now: () => Date;
  private readonly run = new TgcfRunSaves();
  private readonly versions: VersionHistory;
  private readonly writeBack = new ThrottledTask(() => this.inBackground("writing back saved changes", async () => void (await this.writeBackSaves())));
  private configWatch: ConfigWatch | null = null;
  private logSink: (line: string) => void = () => {};
  private closed = false;
  /** The write-back after tgcf stopped, until it is done. */
  private stopWriteBack: Promise<void> | undefined;
  private tgcfRunning: () => boolean = () => this.run.isActive;

  constructor(
    readonly dataDir: string,
    options: ConfigStoreOptions = {},
  ) {
    this.configPath = join(resolve(dataDir), CONFIG_FILE_NAME);
    this.now = options.now ?? (() => new Date());
    const recordsPath = join(serverStateDirPath(resolve(dataDir)), BACKUP_RECORDS_DIR_NAME);
    this.backups = new BackupDirectory(join(resolve(dataDir), BACKUP_DIR_NAME), recordsPath, options.now);
    this.versions = new VersionHistory(this.backups, { tgcfRunning: () => this.tgcfRunning(), log: (line) => this.log(line) });
    this.queue = writeQueueFor(this.configPath);
    removeStaleTempFiles(resolve(dataDir), CONFIG_FILE_NAME);
    this.backups.removeStaleTempFiles();
  }

  /**
   * The file as it is on disk now; a missing file reads as tgcf's defaults and is not created. Right after tgcf
   * stopped, it waits for the saves its last writes reverted to be written back: a start checks the config first.
   */
  async read(): Promise<ConfigSnapshot> {
    await this.stopWriteBack;
    const { snapshot } = await this.readCurrent().catch(refusalAsApiError);
    this.versions.remember(snapshot);
    return snapshot;
  }

  /** Writes a validated config in place of the file, whatever the file holds now (even if invalid). */
  replace(config: TgcfConfig, options: WriteOptions = {}): Promise<ConfigSnapshot> {
    return this.replaceFrom(() => config, options);
  }

  /** Like replace, but builds the new config inside the write lock from what is on disk now (to keep its secrets, say). */
  replaceFrom(build: (current: ConfigSnapshot) => TgcfConfig, options: WriteOptions = {}): Promise<ConfigSnapshot> {
    return this.locked(async () => {
      const current = await this.observeCurrent();
      this.checkIfMatch(current, options);
      const base = this.withSaves(current.snapshot);
      return this.save(current, base, build(base), options);
    });
  }

  /**
   * Writes `change(current config)`. The change sees the file as it is inside the write lock, so concurrent
   * updates apply one after another. Refused with 409 if the file on disk is not a valid config.
   */
  update(change: (current: TgcfConfig) => TgcfConfig, options: WriteOptions = {}): Promise<ConfigSnapshot> {
    return this.locked(async () => {
      const current = await this.observeCurrent();
      const base = this.withSaves(current.snapshot);
      if (base.state === "invalid") {
        throw new ApiError(409, "the config file on disk is not valid: fix it with a full save (POST) or restore a backup", base.errors);
      }
      this.checkIfMatch(current, options);
      return this.save(current, base, change(base.config), options);
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
      const current = await this.observeCurrent();
      this.checkIfMatch(current, options);
      return this.save(current, this.withSaves(current.snapshot), backup.config, options, `restored backup ${id}`);
    });
  }

  /**
   * Starts noticing changes made by other programs (fs.watch on the data dir, and a check every second): each is
   * logged, told to onChange listeners, and the version it replaced is backed up. One store per data dir should watch.
   */
  watch(options: WatchOptions = {}): void {
    if (this.configWatch || this.closed) return;
    if (options.log) this.logSink = options.log;
    this.configWatch = new ConfigWatch({
      dir: resolve(this.dataDir),
      fileName: CONFIG_FILE_NAME,
      pollMs: options.pollMs,
      read: () => readConfigFile(this.configPath),
      isKnown: (bytes) => this.versions.isKnown(bytes),
      observe: (current) => this.observe(current),
      locked: (task) => this.locked(task),
      log: (line) => this.log(line),
    });
    this.configWatch.start();
  }

  /** Stops watching and waits for the writes under way (a write-back queued by tgcfStopped included). */
  async close(): Promise<void> {
    this.closed = true;
    this.configWatch?.close();
    this.writeBack.close();
    await this.queue.run(async () => undefined);
  }

  /** Calls `listener` for every new version of the file: saved here, written back here, or written by another program. */
  onChange(listener: (change: ConfigFileChange) => void): () => void {
    return this.versions.onChange(listener);
  }

  /** How the store tells whether tgcf runs now (versions written meanwhile are noted "while tgcf ran"). */
  setTgcfRunningCheck(isRunning: () => boolean): void {
    this.tgcfRunning = isRunning;
  }

  /** A tgcf run has started: from now on saves are changes it does not know, written back over its writes. */
  tgcfStarted(): Promise<void> {
    this.run.begin();
    this.versions.changeLog.newRun();
    return this.inBackground("reading the config tgcf started with", async () => {
      const current = await this.observeCurrent();
      this.run.startedFrom(current.snapshot.state === "invalid" ? undefined : current.snapshot.config);
    });
  }

  /** The run has ended: the saves its last writes reverted are written back at once, then nothing waits for a restart. */
  tgcfStopped(): Promise<void> {
    const run = this.run.currentRun;
    this.writeBack.cancel();
    const writtenBack = this.inBackground("writing back saved changes after tgcf stopped", async () => this.run.end(run, await this.writeBackSaves()));
    this.stopWriteBack = writtenBack;
    void writtenBack.then(() => {
      if (this.stopWriteBack === writtenBack) this.stopWriteBack = undefined;
    });
    return writtenBack;
  }

  /**
   * To await right before tgcf starts: the file it will read then holds every change saved here, so they stop
   * waiting for a restart once it runs. Never rejects (failures are logged). Without it, a restart right after a stop
   * may start tgcf before the write-back lands; the saves then stay waiting and are written back over its writes.
   */
  prepareForStart(): Promise<void> {
    this.writeBack.cancel();
    return this.inBackground("writing back saved changes before tgcf starts", async () => {
      if (await this.writeBackSaves()) this.run.markPrepared();
    });
  }

  /** JSON pointers of the fields saved since the running tgcf started, which it does not know (empty when none runs). */
  pendingRestartChanges(): string[] {
    return this.run.pendingPointers();
  }

  /** A system line for the instance's log; a log that cannot take it (closed) leaves it on the console. */
  private log(line: string): void {
    try {
      this.logSink(line);
    } catch (error) {
      console.error(`${line} (not logged: ${messageOf(error)})`);
    }
  }

  /** Runs `task` in the write lock, again (from a new read) when another program wrote the file meanwhile. */
  private locked<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(() => retryWhileChanged(task)).catch(refusalAsApiError);
  }

  /** Runs `task` in the write lock; a failure is logged, never thrown. */
  private inBackground(what: string, task: () => Promise<void>): Promise<void> {
    return this.locked(task).catch((error: unknown) => this.log(`${what} failed: ${messageOf(error)}`));
  }

  /** The file, waiting out a write in place under way (tgcf truncates, then writes). */
  private readCurrent(): Promise<ConfigFileRead> {
    return readConfigFile(this.configPath, HALF_WRITTEN_GRACE_MS, HALF_WRITTEN_RETRY_MS);
  }

  /** The file now (in the lock), after telling whatever another program changed since the store last saw it. */
  private async observeCurrent(): Promise<ConfigFileRead> {
    const current = await this.readCurrent();
    await this.observe(current);
    return current;
  }

  /** While tgcf runs, its progress is no conflict: a version that differs from the one read only in offsets matches. */
  private checkIfMatch(current: ConfigFileRead, options: WriteOptions): void {
    if (ifMatchAllows(options.ifMatch, current.snapshot)) return;
    const tags = (options.ifMatch ?? "").split(",").map((tag) => tag.trim());
    if (this.run.isActive && tags.some((tag) => this.versions.differsOnlyInOffsets(tag, current.snapshot))) return;
    throw new ApiError(412, "the config changed since you read it: reload and reapply your change", undefined, {
      ETag: current.snapshot.etag,
    });
  }

  /** What a save starts from: the file with the changes saved since tgcf started written over tgcf's latest write. */
  private withSaves(snapshot: ConfigSnapshot): ConfigSnapshot {
    if (snapshot.state === "invalid" || !this.run.hasSaves) return snapshot;
    return { ...snapshot, config: this.run.withSaves(snapshot.config) };
  }

  private async save(current: ConfigFileRead, base: ConfigSnapshot, next: TgcfConfig, options: WriteOptions, note?: string): Promise<ConfigSnapshot> {
    const from = this.run.isActive && base.state !== "invalid" ? base.config : undefined;
    const written = from ? this.run.keepProgress(from, next) : next;
    const snapshot = await this.write(current, written, { source: "server", savedAt: this.now().toISOString(), by: options.by, note }, "save");
    if (from) this.run.record(from, written);
    return snapshot;
  }

  private async write(current: ConfigFileRead, config: TgcfConfig, info: VersionInfo, replacing: ReplacedBy): Promise<ConfigSnapshot> {
    const bytes = new TextEncoder().encode(serializeConfig(config));
    // Saving what is already there changes nothing, so it neither writes nor uses up a backup.
    if (current.bytes && Buffer.from(current.bytes).equals(bytes)) return snapshotOf(bytes);
    if (current.bytes) await this.versions.backupReplaced(replacing);
    else await mkdir(this.dataDir, { recursive: true, mode: DATA_DIR_MODE });
    if (!(await replaceFileIfUnchanged(this.configPath, bytes, current.bytes, CONFIG_FILE_MODE))) throw new ChangedMeanwhile();
    const snapshot = snapshotOf(bytes);
    await this.versions.wrote({ bytes, snapshot, modifiedAt: info.savedAt ?? this.now().toISOString() }, info, replacing);
    return snapshot;
  }

  /** Takes in the file as read now; saved changes another program's write reverted are written back soon. */
  private async observe(current: ConfigFileRead): Promise<void> {
    const reverted = await this.versions.observe(current, (snapshot) => this.revertedSaves(snapshot));
    if (reverted.length > 0) this.writeBack.request();
  }

  /** Pointers of the saved changes that the version `snapshot` lacks. */
  private revertedSaves(snapshot: ConfigSnapshot): string[] {
    if (!this.run.hasSaves || snapshot.state !== "ok") return [];
    return changedFields(snapshot, { ...snapshot, config: this.run.withSaves(snapshot.config) }).changed;
  }

  /** Writes the saved changes back over the file if it lacks any; true when the file then holds them all. */
  private async writeBackSaves(): Promise<boolean> {
    const current = await this.observeCurrent();
    this.writeBack.ran();
    if (!this.run.hasSaves) return true;
    if (current.snapshot.state !== "ok") {
      const what = current.snapshot.state === "missing" ? "missing" : "not a valid config";
      this.log(`the changes saved since tgcf started (${this.run.savedPointers().join(", ")}) could not be written back: tgcf.config.json is ${what}`);
      return false;
    }
    const merged = this.run.withSaves(current.snapshot.config);
    if (sameJson(merged, current.snapshot.config)) return true;
    await this.write(current, merged, { source: "server", savedAt: this.now().toISOString(), note: WRITTEN_BACK }, "write-back");
    return true;
  }
}

/** A link (or odd entry) planted in the data dir is a fault of the server's disk, told as it is: what to remove. */
function refusalAsApiError(error: unknown): never {
  if (error instanceof RefusedPathError) throw new ApiError(500, error.message);
  throw error;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
