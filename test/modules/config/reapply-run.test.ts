// Saves made while tgcf runs, written back over tgcf's writes of its startup copy (simulated here by writes in place).
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, type TgcfConfig } from "../../../src/modules/config/model";
import { REAPPLY_MIN_INTERVAL_MS, TgcfRunSaves, ThrottledTask } from "../../../src/modules/config/reapply-run";
import { serializeConfig } from "../../../src/modules/config/serialize";
import { CONFIG_FILE_NAME, ConfigStore, type ConfigFileChange } from "../../../src/modules/config/store";
import { waitUntil } from "../../helpers/server";

const LIVENESS_MS = 5_000;
const TGCF_WRITE_EVERY_MS = 20;
const TGCF_WRITES = 60;

const tempDirs: string[] = [];
const stores: ConfigStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function configWith(change: (config: TgcfConfig) => void, from: TgcfConfig = START): TgcfConfig {
  const config = structuredClone(from);
  change(config);
  return config;
}

const START = configWith((config) => (config.forwards = [{ con_name: "c", use_this: true, source: -1, dest: [-2], offset: 0, end: 0 }]), defaultConfig());
const CAPTION = { check: true, header: "saved while tgcf ran", footer: "" };

/** A store watching its data dir, with the config tgcf starts from saved and a run started. */
async function storeWithTgcfRunning() {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-reapply-"));
  tempDirs.push(dir);
  const store = new ConfigStore(dir);
  stores.push(store);
  const changes: ConfigFileChange[] = [];
  store.onChange((change) => changes.push(change));
  store.watch();
  await store.replace(START);
  await store.tgcfStarted();
  const path = join(dir, CONFIG_FILE_NAME);
  /** tgcf's copy is START: what it writes after `offset` messages. */
  const tgcfWrites = (offset: number) => writeInPlace(path, configWith((config) => (config.forwards[0]!.offset = offset)));
  const file = () => JSON.parse(readFileSync(path, "utf8")) as TgcfConfig;
  return { store, changes, tgcfWrites, file };
}

function writeInPlace(path: string, config: TgcfConfig): void {
  const file = openSync(path, "w");
  try {
    writeSync(file, serializeConfig(config));
  } finally {
    closeSync(file);
  }
}

const saveCaption = (store: ConfigStore) => store.update((config) => ({ ...config, plugins: { ...config.plugins, caption: CAPTION } }));

describe("a save made while tgcf runs", () => {
  test("is written back over tgcf's write that reverts it, keeping tgcf's offsets, and waits for a restart", async () => {
    const { store, changes, tgcfWrites, file } = await storeWithTgcfRunning();
    await saveCaption(store);
    expect(store.pendingRestartChanges()).toEqual(["/plugins/caption/check", "/plugins/caption/header"]);
    tgcfWrites(5);
    await waitUntil(() => changes.some((change) => change.kind === "written-back"), LIVENESS_MS, "the write-back");
    expect(file().plugins.caption).toEqual(CAPTION);
    expect(file().forwards[0]!.offset).toBe(5);
    expect(changes.find((change) => change.kind === "external")?.writingBack).toEqual(["/plugins/caption/check", "/plugins/caption/header"]);
  });

  test("is written back at most once a second however often tgcf writes", async () => {
    const { store, changes, tgcfWrites } = await storeWithTgcfRunning();
    await saveCaption(store);
    const started = Date.now();
    for (let write = 1; write <= TGCF_WRITES; write++) {
      tgcfWrites(write);
      await Bun.sleep(TGCF_WRITE_EVERY_MS);
    }
    const writtenBack = changes.filter((change) => change.kind === "written-back").length;
    expect(writtenBack).toBeGreaterThan(0);
    expect(writtenBack).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / REAPPLY_MIN_INTERVAL_MS) + 1);
  });

  test("is still recorded when a restart begins the next run before the last run's write-back", async () => {
    const { store, tgcfWrites, file } = await storeWithTgcfRunning();
    tgcfWrites(2);
    const stopped = store.tgcfStopped();
    const started = store.tgcfStarted();
    await Promise.all([stopped, started]);
    await saveCaption(store);
    expect(store.pendingRestartChanges()).toEqual(["/plugins/caption/check", "/plugins/caption/header"]);
    tgcfWrites(3);
    await waitUntil(() => file().plugins.caption.header === CAPTION.header && file().forwards[0]!.offset === 3, LIVENESS_MS, "the write-back");
  });

  test("is in the file before the next start (prepareForStart), and nothing waits once tgcf has stopped", async () => {
    const { store, tgcfWrites, file } = await storeWithTgcfRunning();
    await saveCaption(store);
    tgcfWrites(1);
    tgcfWrites(2);
    await store.prepareForStart();
    expect(file().plugins.caption).toEqual(CAPTION);
    tgcfWrites(3);
    await store.tgcfStopped();
    expect(file().plugins.caption).toEqual(CAPTION);
    expect(file().forwards[0]!.offset).toBe(3);
    expect(store.pendingRestartChanges()).toEqual([]);
  });

  test("made over a file tgcf has just reverted keeps the fields saved before it", async () => {
    const { store, tgcfWrites, file } = await storeWithTgcfRunning();
    await saveCaption(store);
    tgcfWrites(4);
    await store.update((config) => ({ ...config, theme: "dark" }));
    expect(file()).toMatchObject({ theme: "dark", plugins: { caption: CAPTION } });
    expect(file().forwards[0]!.offset).toBe(4);
    expect(store.pendingRestartChanges()).toEqual(["/plugins/caption/check", "/plugins/caption/header", "/theme"]);
  });

  test("does not rewind an offset tgcf has moved, even when the form sent the one it read earlier", async () => {
    const { store, tgcfWrites, file, changes } = await storeWithTgcfRunning();
    tgcfWrites(9);
    await waitUntil(() => changes.some((change) => change.kind === "external"), LIVENESS_MS, "tgcf's write to be seen");
    await store.replace(configWith((config) => (config.theme = "dark")));
    expect(file()).toMatchObject({ theme: "dark", forwards: [{ offset: 9 }] });
    expect(store.pendingRestartChanges()).toEqual(["/theme"]);
  });
});

describe("If-Match while tgcf runs", () => {
  test("the version a client read still matches after tgcf moved only offsets; any other change, or no run, does not", async () => {
    const { store, tgcfWrites, changes, file } = await storeWithTgcfRunning();
    const { etag } = await store.read();
    tgcfWrites(3);
    await waitUntil(() => changes.some((change) => change.kind === "external"), LIVENESS_MS, "tgcf's write to be seen");
    await store.update((config) => ({ ...config, theme: "dark" }), { ifMatch: etag });
    expect(file()).toMatchObject({ theme: "dark", forwards: [{ offset: 3 }] });

    const { etag: afterSave } = await store.read();
    await store.update((config) => ({ ...config, theme: "light" }));
    await expect(store.update((config) => config, { ifMatch: afterSave })).rejects.toMatchObject({ status: 412 });

    const { etag: beforeProgress } = await store.read();
    await store.tgcfStopped();
    tgcfWrites(4);
    await expect(store.update((config) => config, { ifMatch: beforeProgress })).rejects.toMatchObject({ status: 412 });
  });
});

describe("TgcfRunSaves", () => {
  test("saves wait while a run is active, and are forgotten once the file a run ends with holds them", () => {
    const run = new TgcfRunSaves();
    const first = run.begin();
    run.startedFrom(START);
    const saved = configWith((config) => (config.theme = "dark"));
    run.record(START, saved);
    expect(run.pendingPointers()).toEqual(["/theme"]);
    expect(run.withSaves(configWith((config) => (config.forwards[0]!.offset = 2))).theme).toBe("dark");
    run.end(first, true);
    expect(run.isActive).toBe(false);
    expect(run.hasSaves).toBe(false);
  });

  test("saves whose write-back failed stay for the next start, which forgets them only if prepareForStart ran", () => {
    const run = new TgcfRunSaves();
    const saved = configWith((config) => (config.theme = "dark"));
    run.end(run.begin(), false);
    run.startedFrom(START);
    run.record(START, saved);
    expect(run.pendingPointers()).toEqual([]);
    expect(run.savedPointers()).toEqual(["/theme"]);
    run.begin();
    run.startedFrom(saved);
    expect(run.pendingPointers()).toEqual(["/theme"]);
    run.markPrepared();
    run.begin();
    run.startedFrom(saved);
    expect(run.hasSaves).toBe(false);
  });

  test("a restart that begins the next run before the last one's end keeps recording", () => {
    const run = new TgcfRunSaves();
    const first = run.begin();
    run.begin();
    run.end(first, true);
    expect(run.isActive).toBe(true);
  });

  test("a save keeps the offsets tgcf has moved, and the person's where tgcf has not", () => {
    const run = new TgcfRunSaves();
    const twoConnections = configWith((config) => config.forwards.push({ ...config.forwards[0]!, source: -3 }));
    run.begin();
    run.startedFrom(twoConnections);
    const current = configWith((config) => (config.forwards[0]!.offset = 9), twoConnections);
    const fromOldForm = configWith((config) => (config.forwards[1]!.offset = 300), twoConnections);
    expect(run.keepProgress(current, fromOldForm).forwards.map((each) => each.offset)).toEqual([9, 300]);
  });
});

describe("ThrottledTask", () => {
  test("requests made while the task runs ask for one more run, an interval after it ends", async () => {
    const intervalMs = 50;
    const starts: number[] = [];
    const ends: number[] = [];
    let finish = () => {};
    const task = new ThrottledTask(() => {
      starts.push(Date.now());
      return new Promise<void>((resolve) => (finish = () => (ends.push(Date.now()), resolve())));
    }, intervalMs);
    task.request();
    await waitUntil(() => starts.length === 1, LIVENESS_MS, "the first run");
    task.request();
    task.request();
    finish();
    await waitUntil(() => starts.length === 2, LIVENESS_MS, "the run asked for meanwhile");
    expect(starts[1]! - ends[0]!).toBeGreaterThanOrEqual(intervalMs - 1);
    finish();
    task.close();
  });
});
