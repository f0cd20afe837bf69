// Changes other programs (tgcf) make to tgcf.config.json, as a watching store sees them: told, logged, backed up.
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_BACKUPS } from "../../../src/modules/config/backups";
import { defaultConfig, type TgcfConfig } from "../../../src/modules/config/model";
import { SECRET_PATHS } from "../../../src/modules/config/secrets";
import { serializeConfig } from "../../../src/modules/config/serialize";
import { CONFIG_FILE_NAME, ConfigStore, type ConfigFileChange } from "../../../src/modules/config/store";
import { waitUntil } from "../../helpers/server";

/** Within a second, as promised; the bound here only keeps a broken watcher from hanging the test. */
const NOTICED_WITHIN_MS = 1_000;
const LIVENESS_MS = 5_000;
const TGCF_WRITES = 30;

const tempDirs: string[] = [];
const stores: ConfigStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function watchedStore() {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-external-"));
  tempDirs.push(dir);
  const store = new ConfigStore(dir);
  stores.push(store);
  const lines: string[] = [];
  const changes: ConfigFileChange[] = [];
  store.onChange((change) => changes.push(change));
  store.watch({ log: (line) => lines.push(line) });
  const external = () => changes.filter((change) => change.kind === "external");
  return { dir, store, lines, changes, external, path: join(dir, CONFIG_FILE_NAME) };
}

/** As tgcf writes: open with "w" (truncating), then write, in place. */
function writeInPlace(path: string, config: TgcfConfig | string, gapMs = 0): void {
  const file = openSync(path, "w");
  try {
    if (gapMs > 0) Bun.sleepSync(gapMs);
    writeSync(file, typeof config === "string" ? config : serializeConfig(config));
  } finally {
    closeSync(file);
  }
}

function configWith(change: (config: TgcfConfig) => void, from = defaultConfig()): TgcfConfig {
  const config = structuredClone(from);
  change(config);
  return config;
}

const WITH_CONNECTION = configWith((config) => (config.forwards = [{ con_name: "c", use_this: true, source: -1, dest: [-2], offset: 0, end: 0 }]));

describe("a change made by another program", () => {
  test("is noticed within a second, told with the fields it changed, logged, and the version it replaced is backed up as what it was", async () => {
    const { store, lines, external, path } = watchedStore();
    await store.replace(WITH_CONNECTION, { by: "web UI" });
    const started = Date.now();
    writeInPlace(path, configWith((config) => ((config.theme = "dark"), (config.forwards[0]!.offset = 7)), WITH_CONNECTION));
    await waitUntil(() => external().length === 1, LIVENESS_MS, "the change to be told");
    expect(Date.now() - started).toBeLessThan(NOTICED_WITHIN_MS);
    expect(external()[0]).toMatchObject({ state: "ok", changed: ["/theme", "/forwards/0/offset"], offsetsOnly: false, whileTgcfRan: false, writingBack: [] });
    expect(lines).toEqual(["tgcf.config.json was changed by another program: /theme, /forwards/0/offset"]);
    const [backup] = await store.listBackups();
    expect(backup).toMatchObject({ source: "server", by: "web UI" });

    await store.replace(defaultConfig());
    const [replacedExternal] = await store.listBackups();
    expect(replacedExternal).toMatchObject({ source: "external" });
    const held = await store.readBackup(replacedExternal!.id);
    expect(held.state === "ok" && held.config.theme).toBe("dark");
  });

  test("never puts a secret's value in a log line or an event; only its pointer", async () => {
    const { store, lines, external, path } = watchedStore();
    await store.replace(defaultConfig());
    const secrets: string[] = [];
    for (const [index, secretPath] of SECRET_PATHS.entries()) {
      const value = `secret-value-${index}-${secretPath.join("-")}`;
      secrets.push(value);
      writeInPlace(path, configWith((config) => setPath(config, secretPath, value)));
      await waitUntil(() => external().length === index + 1, LIVENESS_MS, `the change of ${secretPath.join("/")}`);
      expect(external()[index]!.changed).toContain(`/${secretPath.join("/")}`);
    }
    const told = JSON.stringify(lines) + JSON.stringify(external());
    for (const secret of secrets) expect(told).not.toContain(secret);
  });

  test("a file being written in place (empty, then cut short) is waited for: never told as damaged nor backed up, and reads wait for it", async () => {
    const { store, lines, external, path } = watchedStore();
    await store.replace(WITH_CONNECTION);
    const whole = serializeConfig(configWith((config) => (config.forwards[0]!.offset = 1), WITH_CONNECTION));
    writeInPlace(path, "");
    const reading = store.read();
    writeInPlace(path, whole.slice(0, whole.length / 2));
    await Bun.sleep(100);
    writeInPlace(path, whole);
    expect((await reading).state).toBe("ok");
    await waitUntil(() => external().length === 1, LIVENESS_MS, "the finished write");
    expect(external().map((change) => change.state)).toEqual(["ok"]);
    expect(lines.join("\n")).not.toContain("not a valid config");
    for (const backup of await store.listBackups()) expect((await store.readBackup(backup.id)).state).toBe("ok");
  });

  test("content that stays cut short is damaged: told once with where, not what, and the good version before it is backed up", async () => {
    const { store, lines, external, path } = watchedStore();
    await store.replace(configWith((config) => (config.theme = "good")));
    writeInPlace(path, '{"pid": 0, "theme": "secret-part');
    await waitUntil(() => external().length === 1, LIVENESS_MS, "the damaged file to be told");
    expect(external()[0]).toMatchObject({ state: "invalid", changed: [] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toStartWith("tgcf.config.json was changed by another program and is not a valid config (JSON error at line 1, column");
    expect(lines[0]).not.toContain("secret-part");
    const [backup] = await store.listBackups();
    const held = await store.readBackup(backup!.id);
    expect(held.state === "ok" && held.config.theme).toBe("good");
  });

  test("a removed file is told as removed", async () => {
    const { store, lines, external, path } = watchedStore();
    await store.replace(defaultConfig());
    rmSync(path);
    await waitUntil(() => external().length === 1, LIVENESS_MS, "the removal to be told");
    expect(external()[0]).toMatchObject({ state: "missing" });
    expect(lines).toEqual(["tgcf.config.json was removed by another program"]);
    expect(await store.listBackups()).toHaveLength(1);
  });
});

describe("tgcf's progress (offsets only)", () => {
  test("is logged once per run and never pushes the person's own versions out of the backups", async () => {
    const { store, lines, external, path } = watchedStore();
    for (let pid = 1; pid <= MAX_BACKUPS + 1; pid++) await store.replace(configWith((config) => (config.pid = pid), WITH_CONNECTION), { by: "web UI" });
    const personal = (await store.listBackups()).map((backup) => backup.id);
    expect(personal).toHaveLength(MAX_BACKUPS);

    await store.tgcfStarted();
    const progress = configWith((config) => (config.pid = MAX_BACKUPS + 1), WITH_CONNECTION);
    for (let write = 1; write <= TGCF_WRITES; write++) {
      progress.forwards[0]!.offset = write;
      writeInPlace(path, progress);
      await waitUntil(() => external().length === write, LIVENESS_MS, `tgcf's write ${write} to be seen`);
    }
    expect(external().every((change) => change.offsetsOnly && change.whileTgcfRan)).toBe(true);
    expect(lines).toEqual(["tgcf.config.json: tgcf is recording its progress (/forwards/0/offset); its next such writes are not logged"]);
    const backups = await store.listBackups();
    // The version tgcf's first write replaced is the person's last save: it is the only one added.
    expect(backups.map((backup) => backup.id).slice(1)).toEqual(personal.slice(0, -1));
    expect(backups.every((backup) => backup.source === "server" && backup.by === "web UI")).toBe(true);
  });
});

function setPath(config: TgcfConfig, path: readonly string[], value: string): void {
  let node = config as unknown as Record<string, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
}
