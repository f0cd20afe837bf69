// Every tgcf instance of this server: opened from <data>/instances at start, created, renamed and deleted through
// the API, and stopped together at shutdown. It also holds the guard against two instances sharing a Telegram login.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Server } from "bun";
import { INSTANCE_SETTING_KEYS, type ApiInstanceSettingKey, type InstanceSettings, type Settings } from "../../settings";
import type { Logger } from "../../utils/logger";
import { ApiError } from "../../utils/api-error";
import { notifyAll } from "../../utils/notify-all";
import { ensureRealDir } from "../../utils/safe-fs";
import { serverStateDir } from "../../utils/server-state-dir";
import { TgcfInstance, type InstanceOptions } from "../instance/instance";
import { activityServiceFor } from "../activity/for-instance";
import type { ActivityService } from "../activity/service";
import { SECRET_PATHS } from "../config/secrets";
import { getOwn, isPlainObject, setOwn } from "../config/safe-object";
import { CONFIG_FILE_NAME } from "../config/store";
import { INSTANCE_ID_PATTERN, INSTANCE_ID_RULE, isValidInstanceId } from "../../shared/instance-id";
import { RESTING_STATES } from "../../shared/resting-states";
import { DEFAULT_INSTANCE_ID, INSTANCE_DIR_MODE, instanceDirPath, instancesDirPath, trashDirPath } from "./layout";
import { instanceSettings, readInstanceFile, renameInInstanceFile, writeApiOverrides, writeInstanceFile, MAX_INSTANCE_NAME_LENGTH } from "./instance-file";
import { credentialsOf, sharedCredential, type Credential } from "./credentials";

/** A start's credentials stay claimed until its run ends, or at most this long if its process never starts. */
const START_CLAIM_MS = 10_000;

export type InstanceOpenOptions = Pick<InstanceOptions, "childEnv" | "telegram" | "heartbeatMs">;

interface Entry {
  instance: TgcfInstance;
  name: string;
  activity: ActivityService;
  /** The logins of its latest start, claimed when the start was allowed. */
  claim: { credentials: Credential[]; at: number } | null;
}

export class InstanceRegistry {
  private readonly entries = new Map<string, Entry>();
  private server: Server<unknown> | null = null;
  /** Start checks one at a time, so two starts cannot both find the login free. */
  private checking: Promise<unknown> = Promise.resolve();
  /** Creates, deletes and moves, one after another (see serially). */
  private lifecycle: Promise<unknown> = Promise.resolve();
  /** Instances being built again with new settings: still listed, not to be acted on (get() answers 409). */
  private readonly rebuilding = new Set<string>();
  /** Told when an instance is made, rebuilt or deleted, before a new one can start tgcf. */
  private readonly changeListeners = new Set<(id: string) => void>();

  private constructor(
    readonly dataDir: string,
    private readonly settings: Settings,
    private readonly logger: Logger,
    private readonly options: InstanceOpenOptions,
  ) {}

  /** Opens every instance in <data>/instances (the data dir must already be in this layout: see migrateDataDir). */
  static async open(dataDir: string, settings: Settings, logger: Logger, options: InstanceOpenOptions = {}): Promise<InstanceRegistry> {
    const registry = new InstanceRegistry(dataDir, settings, logger, options);
    mkdirSync(instanceDirPath(dataDir, DEFAULT_INSTANCE_ID), { recursive: true, mode: INSTANCE_DIR_MODE });
    const ids = readdirSync(instancesDirPath(dataDir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && isValidInstanceId(entry.name))
      .map((entry) => entry.name)
      .sort();
    await Promise.all(ids.map((id) => registry.openInstance(id)));
    return registry;
  }

  private async openInstance(id: string): Promise<Entry> {
    const dataDir = instanceDirPath(this.dataDir, id);
    // Neither the instance dir nor its state dir may be a link (RefusedPathError names it): nothing is read through one.
    ensureRealDir(dataDir, INSTANCE_DIR_MODE);
    serverStateDir(dataDir);
    const file = readInstanceFile(dataDir, id);
    for (const problem of file.problems) this.logger.warn(`instance ${id}: ${problem}`);
    const instance = await TgcfInstance.open({
      id,
      dataDir,
      settings: instanceSettings(this.settings, file),
      logger: this.logger,
      serverDataDir: this.dataDir,
      beforeStart: () => this.claimCredentials(id),
      ...this.options,
    });
    const entry: Entry = { instance, name: file.name, activity: activityServiceFor(instance), claim: null };
    // A run that ended (or a start that failed) frees its login; the claim only covers a start in flight.
    instance.supervisor.onStatus(({ state }) => {
      if (RESTING_STATES.has(state)) entry.claim = null;
    });
    this.entries.set(id, entry);
    return entry;
  }

  /** Connects every instance to the server's pub/sub, then recovers each (orphans stopped, desired state restored). */
  async start(server: Server<unknown>): Promise<void> {
    this.server = server;
    for (const { instance } of this.entries.values()) instance.attachServer(server);
    await Promise.all([...this.entries.values()].map(({ instance }) => instance.start()));
  }

  get size(): number {
    return this.entries.size;
  }

  ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Calls `listener` with the id of every instance made, rebuilt or deleted from now on; returns the way to stop. */
  onInstancesChanged(listener: (id: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(id: string): void {
    notifyAll(this.changeListeners, id, "an instance-change listener");
  }

  /** The instance, or undefined. */
  find(id: string): TgcfInstance | undefined {
    return this.entries.get(id)?.instance;
  }

  /** The instance to act on; ApiError 404 when there is none with this id, 409 while it is being rebuilt. */
  get(id: string): TgcfInstance {
    if (this.rebuilding.has(id)) {
      throw new ApiError(409, `instance "${id}" is being set up again with new settings: try again in a moment`, undefined, { "Retry-After": "1" });
    }
    return this.entryOf(id).instance;
  }

  /** The instance to look at (listings, metrics, alerts), also while it is being rebuilt; ApiError 404 when there is none. */
  peek(id: string): TgcfInstance {
    return this.entryOf(id).instance;
  }

  nameOf(id: string): string {
    return this.entryOf(id).name;
  }

  activityOf(id: string): ActivityService {
    return this.entryOf(id).activity;
  }

  private entryOf(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new ApiError(404, `no instance "${id}": GET /api/instances lists them`);
    return entry;
  }

  /**
   * Refuses (409) a start whose Telegram login another instance runs with, naming that instance; otherwise claims
   * the login for this start. Compared by hash; the secrets are never logged or returned.
   */
  claimCredentials(id: string): Promise<void> {
    const check = this.checking.then(async () => {
      const entry = this.entryOf(id);
      const mine = await credentialsOf(entry.instance.config);
      for (const [otherId, other] of this.entries) {
        if (otherId === id) continue;
        const active = !RESTING_STATES.has(other.instance.supervisor.status().state);
        const claimedNow = other.claim !== null && Date.now() - other.claim.at < START_CLAIM_MS;
        if (!active && !claimedNow) continue;
        const theirs = other.claim?.credentials ?? (await credentialsOf(other.instance.config));
        const shared = sharedCredential(mine, theirs);
        if (shared) {
          throw new ApiError(
            409,
            `instance "${otherId}" runs with the same ${shared.label}: Telegram revokes a login used by two connections at once (AuthKeyDuplicated). ` +
              `Stop "${otherId}" first, or give this instance its own login.`,
            { instance: otherId, credential: shared.label },
          );
        }
      }
      entry.claim = { credentials: mine, at: Date.now() };
    });
    this.checking = check.catch(() => undefined);
    return check;
  }

  /**
   * Runs `work` after every create, delete and move before it: each checks ids, the limit and folders, then changes
   * them, so two at once can never both pass the checks (two instances on one folder, or one over the limit).
   */
  serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lifecycle.then(work);
    this.lifecycle = run.catch(() => undefined);
    return run;
  }

  /** Creates an instance (422 bad id, 409 taken or at the limit); copyFrom copies a config without its logins. */
  create({ id, name, copyFrom }: { id: string; name?: string; copyFrom?: string }): Promise<TgcfInstance> {
    return this.serially(async () => {
      const source = copyFrom === undefined ? undefined : this.get(copyFrom);
      return this.createNow({ id, name }, source ? withoutLogins(await savedConfigOf(source)) : null);
    });
  }

  /** create's work, with the config to start from (null: none); only inside serially(). */
  async createNow({ id, name }: { id: string; name?: string }, config: Record<string, unknown> | null): Promise<TgcfInstance> {
    if (!isValidInstanceId(id)) throw new ApiError(422, `instance id "${id}" is not allowed: ${INSTANCE_ID_RULE}`, [{ path: "/id", message: `must match ${INSTANCE_ID_PATTERN.source}` }]);
    if (this.entries.has(id)) throw new ApiError(409, `instance "${id}" exists already`);
    if (this.entries.size >= this.settings.maxInstances) {
      throw new ApiError(409, `this server keeps at most ${this.settings.maxInstances} instances: delete one, or raise --max-instances (TGCF_SERVER_MAX_INSTANCES)`);
    }
    const dir = instanceDirPath(this.dataDir, id);
    try {
      // Not recursive: the folder is claimed only if nothing is there yet (not even one left by hand).
      mkdirSync(dir, { mode: INSTANCE_DIR_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new ApiError(409, `instance "${id}" exists already (its folder ${dir} is there)`);
      throw error;
    }
    try {
      if (config !== null) writeFileSync(join(dir, CONFIG_FILE_NAME), JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
      writeInstanceFile(dir, { name: cleanName(name) ?? id, settings: {} });
      const { instance } = await this.openInstance(id);
      this.changed(id);
      if (this.server) {
        instance.attachServer(this.server);
        await instance.start();
      }
      return instance;
    } catch (error) {
      await this.entries.get(id)?.instance.close().catch(() => undefined);
      this.entries.delete(id);
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The instance's settings as its tgcf runs with them, and the overrides its instance.json holds. */
  settingsOf(id: string): { effective: InstanceSettings; server: InstanceSettings; overrides: Partial<InstanceSettings> } {
    const { instance } = this.entryOf(id);
    const file = readInstanceFile(instance.dataDir, id);
    const pick = (settings: Settings) => Object.fromEntries(INSTANCE_SETTING_KEYS.map((key) => [key, settings[key]])) as InstanceSettings;
    return { effective: pick(instanceSettings(this.settings, file)), server: pick(this.settings), overrides: file.settings };
  }

  /**
   * Saves the overrides the API may set (checked already) and builds the instance again with them: its supervisor,
   * log hub and Telegram helper take their settings when built. 409 while its tgcf runs or a Telegram helper works.
   * Its log sockets are closed on the way; the browser's reconnect and resume from where they were.
   */
  updateSettings(id: string, overrides: Partial<Record<ApiInstanceSettingKey, unknown>>): Promise<void> {
    return this.serially(async () => {
      const entry = this.entryOf(id);
      const { state } = entry.instance.supervisor.status();
      if (!RESTING_STATES.has(state)) throw new ApiError(409, `instance "${id}" is ${state}: stop it first, the settings apply to its next start`);
      if (entry.instance.telegram.busy) throw new ApiError(409, `a Telegram sign-in or check of instance "${id}" is under way: finish or cancel it first`);
      writeApiOverrides(entry.instance.dataDir, overrides);
      // The old instance stays listed until the new one takes its place (openInstance replaces the entry).
      this.rebuilding.add(id);
      try {
        await entry.instance.close({ reason: "instance reconfigured" });
        const { instance } = await this.openInstance(id);
        this.changed(id);
        if (this.server) {
          instance.attachServer(this.server);
          await instance.start({ resume: false });
        }
      } finally {
        this.rebuilding.delete(id);
      }
    });
  }

  rename(id: string, name: string): void {
    const entry = this.entryOf(id);
    const cleaned = cleanName(name);
    if (cleaned === undefined) throw new ApiError(422, "name must not be empty", [{ path: "/name", message: "must not be empty" }]);
    renameInInstanceFile(entry.instance.dataDir, cleaned);
    entry.name = cleaned;
  }

  /** Deletes a stopped instance: its folder goes to <data>/trash/<id>-<time>, or, with purge, is removed. */
  delete(id: string, options: { purge?: boolean } = {}): Promise<{ trashedTo: string | null }> {
    return this.serially(() => this.deleteNow(id, options));
  }

  /** delete's work; only inside serially(). */
  async deleteNow(id: string, { purge = false } = {}): Promise<{ trashedTo: string | null }> {
    const entry = this.entryOf(id);
    if (id === DEFAULT_INSTANCE_ID) throw new ApiError(409, `the instance "${DEFAULT_INSTANCE_ID}" cannot be deleted: the routes without /instances/<id> address it`);
    const { state } = entry.instance.supervisor.status();
    if (!RESTING_STATES.has(state)) throw new ApiError(409, `instance "${id}" is ${state}: stop it first (POST /api/instances/${id}/stop)`);
    this.entries.delete(id);
    this.changed(id);
    await entry.instance.close();
    const dir = entry.instance.dataDir;
    if (purge) {
      rmSync(dir, { recursive: true, force: true });
      return { trashedTo: null };
    }
    const trash = trashDirPath(this.dataDir);
    mkdirSync(trash, { recursive: true, mode: INSTANCE_DIR_MODE });
    const target = join(trash, `${id}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    renameSync(dir, target);
    return { trashedTo: target };
  }

  /** Server shutdown: every instance stops at once, so the server still exits within Docker's 10 s. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.entries.values()].map(({ instance }) =>
        instance.close().catch((error) => this.logger.error(`instance ${instance.id}: closing failed: ${(error as Error).message}`)),
      ),
    );
  }
}

function cleanName(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  return trimmed ? trimmed.slice(0, MAX_INSTANCE_NAME_LENGTH) : undefined;
}

/** The instance's saved config; 409 when the file is not valid. */
export async function savedConfigOf(source: TgcfInstance) {
  const snapshot = await source.config.read();
  if (snapshot.state === "invalid") throw new ApiError(409, `the config of "${source.id}" is not valid: fix it first`);
  return snapshot.config;
}

/** A copy of `config` with every secret (API hash, session strings, bot tokens) emptied. */
export function withoutLogins(config: object): Record<string, unknown> {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const path of SECRET_PATHS) {
    let node: unknown = copy;
    for (const key of path.slice(0, -1)) node = isPlainObject(node) ? getOwn(node, key) : undefined;
    if (isPlainObject(node) && Object.hasOwn(node, path.at(-1)!)) setOwn(node, path.at(-1)!, "");
  }
  return copy;
}
