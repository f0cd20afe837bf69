import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig, type TgcfConfig } from "../../../src/modules/config/model";
import { serializeConfig } from "../../../src/modules/config/serialize";
import { BACKUP_DIR_NAME } from "../../../src/modules/config/backups";
import { CONFIG_FILE_NAME, ConfigStore, MISSING_CONFIG_ETAG, type ConfigSnapshot } from "../../../src/modules/config/store";
import { ApiError } from "../../../src/utils/api-error";
import { apiErrorOf } from "../../helpers/api-error-of";

const PARALLEL_WRITES = 100;
/** Kills until one lands mid-write (about one in ten does); this many without one would be a broken test. */
const MAX_KILL_ROUNDS = 200;
const MAX_KILL_DELAY_MS = 60;
const STORE_MODULE = join(import.meta.dir, "../../../src/modules/config/store.ts");
const MODEL_MODULE = join(import.meta.dir, "../../../src/modules/config/model.ts");

/** Saves two configs in turn, each replacing the other and so writing a backup of it, until killed. */
const WRITER_SCRIPT = `
import { ConfigStore } from ${JSON.stringify(STORE_MODULE)};
import { defaultConfig } from ${JSON.stringify(MODEL_MODULE)};
const store = new ConfigStore(process.argv[2]);
const admins = Array.from({ length: 20_000 }, (_, index) => "admin" + index);
for (let round = 0; ; round++) {
  await store.replace({ ...defaultConfig(), pid: round % 2, admins });
  if (round === 0) console.log("writing");
}
`;
const tempDirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-store-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function configWith(change: (config: TgcfConfig) => void): TgcfConfig {
  const config = defaultConfig();
  change(config);
  return config;
}

function expectState<S extends ConfigSnapshot["state"]>(snapshot: ConfigSnapshot, state: S): Extract<ConfigSnapshot, { state: S }> {
  expect(snapshot.state).toBe(state);
  return snapshot as Extract<ConfigSnapshot, { state: S }>;
}

describe("ConfigStore", () => {
  test("a missing file reads as the defaults and is not created by reading", async () => {
    const dir = dataDir();
    const snapshot = await new ConfigStore(dir).read();
    expect(snapshot).toEqual({ state: "missing", config: defaultConfig(), etag: MISSING_CONFIG_ETAG });
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a written config reads back the same, in the bytes tgcf writes, readable by the owner only", async () => {
    const dir = dataDir();
    const store = new ConfigStore(dir);
    const config = configWith((c) => {
      c.login.API_ID = 12345;
      c.forwards.push({ con_name: "news", use_this: true, source: -1001, dest: ["@me"], offset: 0, end: 0 });
    });
    const written = await store.replace(config);
    expect(expectState(written, "ok").config).toEqual(config);
    expect(await store.read()).toEqual(written);
    const path = join(dir, CONFIG_FILE_NAME);
    expect(readFileSync(path, "utf8")).toBe(serializeConfig(config));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test("the file is read from disk every time, so changes made by tgcf show at once", async () => {
    const dir = dataDir();
    const store = new ConfigStore(dir);
    await store.replace(defaultConfig());
    writeFileSync(join(dir, CONFIG_FILE_NAME), JSON.stringify({ pid: 4242 }));
    expect(expectState(await store.read(), "ok").config.pid).toBe(4242);
  });

  test("the ETag changes with the content, and a stale If-Match is refused with 412 and nothing written", async () => {
    const dir = dataDir();
    const store = new ConfigStore(dir);
    const first = await store.replace(defaultConfig());
    const second = await store.replace(configWith((c) => (c.theme = "dark")), { ifMatch: first.etag });
    expect(second.etag).not.toBe(first.etag);
    expect(second.etag).toMatch(/^"[0-9a-f]+"$/);
    const before = readFileSync(join(dir, CONFIG_FILE_NAME), "utf8");
    const error = await apiErrorOf(store.replace(configWith((c) => (c.theme = "blue")), { ifMatch: first.etag }));
    expect(error.status).toBe(412);
    expect(error.message).toBe("the config changed since you read it: reload and reapply your change");
    expect(error.headers.ETag).toBe(second.etag);
    expect(readFileSync(join(dir, CONFIG_FILE_NAME), "utf8")).toBe(before);
    expect(await store.listBackups()).toHaveLength(1);
  });

  test("If-Match * matches an existing file only; the missing ETag matches a missing file only", async () => {
    const store = new ConfigStore(dataDir());
    expect((await apiErrorOf(store.replace(defaultConfig(), { ifMatch: "*" }))).status).toBe(412);
    await store.replace(defaultConfig(), { ifMatch: MISSING_CONFIG_ETAG });
    await store.replace(configWith((c) => (c.pid = 1)), { ifMatch: "*" });
    expect((await apiErrorOf(store.replace(defaultConfig(), { ifMatch: MISSING_CONFIG_ETAG }))).status).toBe(412);
  });

  test("100 concurrent updates apply one after another", async () => {
    const store = new ConfigStore(dataDir());
    await Promise.all(
      Array.from({ length: PARALLEL_WRITES }, (_, index) => store.update((current) => ({ ...current, admins: [...current.admins, index] }))),
    );
    const admins = expectState(await store.read(), "ok").config.admins;
    expect([...admins].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: PARALLEL_WRITES }, (_, index) => index));
  });

  test("of 100 concurrent writes with the same If-Match, at most one succeeds", async () => {
    const store = new ConfigStore(dataDir());
    const { etag } = await store.replace(defaultConfig());
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL_WRITES }, (_, index) => store.update((current) => ({ ...current, pid: index + 1 }), { ifMatch: etag })),
    );
    const fulfilled = results.filter((result) => result.status === "fulfilled");
    const refused = results.filter((result) => result.status === "rejected" && result.reason instanceof ApiError && result.reason.status === 412);
    expect(fulfilled.length).toBeLessThanOrEqual(1);
    expect(fulfilled.length + refused.length).toBe(PARALLEL_WRITES);
  });

  test("two stores on the same data dir share one write queue", async () => {
    const dir = dataDir();
    const stores = [new ConfigStore(dir), new ConfigStore(dir)];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => stores[index % 2]?.update((current) => ({ ...current, admins: [...current.admins, index] }))),
    );
    expect(expectState(await stores[0]!.read(), "ok").config.admins).toHaveLength(20);
  });

  test("an invalid file is reported with its raw text and errors, and update never overwrites it", async () => {
    const dir = dataDir();
    const path = join(dir, CONFIG_FILE_NAME);
    const store = new ConfigStore(dir);
    writeFileSync(path, '{"pid": 1,\n "theme": }');
    const broken = expectState(await store.read(), "invalid");
    expect(broken.raw).toBe('{"pid": 1,\n "theme": }');
    expect(broken.errors).toEqual([{ path: "", message: 'malformed JSON: unexpected character "}" at line 2, column 11', line: 2, column: 11 }] as never);
    const error = await apiErrorOf(store.update((current) => current));
    expect(error.status).toBe(409);
    expect(error.message).toBe("the config file on disk is not valid: fix it with a full save (POST) or restore a backup");
    expect(readFileSync(path, "utf8")).toBe('{"pid": 1,\n "theme": }');

    writeFileSync(path, JSON.stringify({ pid: "not a number" }));
    expect(expectState(await store.read(), "invalid").errors).toEqual([{ path: "/pid", message: "must be a whole number" }]);
    expect((await apiErrorOf(store.update((current) => current))).status).toBe(409);
  });

  test("a full save replaces an invalid file and keeps it as a backup", async () => {
    const dir = dataDir();
    const store = new ConfigStore(dir);
    writeFileSync(join(dir, CONFIG_FILE_NAME), "not json");
    await store.replace(defaultConfig());
    const [backup] = await store.listBackups();
    expect((await store.readBackup(backup!.id)).raw).toBe("not json");
  });

  test("a file tgcf accepts but would write differently reads with warnings", async () => {
    const dir = dataDir();
    writeFileSync(join(dir, CONFIG_FILE_NAME), JSON.stringify({ past: { delay: 500 }, login: { API_ID: "77" } }));
    const snapshot = expectState(await new ConfigStore(dir).read(), "ok");
    expect(snapshot.config.past.delay).toBe(100);
    expect(snapshot.config.login.API_ID).toBe(77);
    expect(snapshot.warnings).toHaveLength(2);
  });

  test("saving the same bytes again writes nothing and keeps no backup", async () => {
    const store = new ConfigStore(dataDir());
    const first = await store.replace(defaultConfig());
    const again = await store.replace(defaultConfig(), { ifMatch: first.etag });
    expect(again.etag).toBe(first.etag);
    expect(await store.listBackups()).toEqual([]);
  });

  test("a symbolic link in place of the config file is refused with a 500 naming it; its target is neither read nor written", async () => {
    const dir = dataDir();
    const outside = join(dataDir(), "elsewhere.json");
    writeFileSync(outside, serializeConfig(configWith((config) => (config.admins = ["outside"]))));
    const before = readFileSync(outside, "utf8");
    symlinkSync(outside, join(dir, CONFIG_FILE_NAME));
    const store = new ConfigStore(dir);
    for (const attempt of [() => store.read(), () => store.replace(defaultConfig()), () => store.update((config) => config)]) {
      const error = await apiErrorOf(attempt());
      expect(error.status).toBe(500);
      expect(error.message).toBe(`refusing to follow the symbolic link ${join(dir, CONFIG_FILE_NAME)}: remove it`);
    }
    expect(readFileSync(outside, "utf8")).toBe(before);
  });

  test("a store opening the data dir removes the temporary files of a writer killed mid-write, beside the config and its backups", async () => {
    const dir = dataDir();
    const script = join(dataDir(), "writer.ts");
    writeFileSync(script, WRITER_SCRIPT);
    const temporaryFiles = () => [dir, join(dir, BACKUP_DIR_NAME)].flatMap((path) => (existsSync(path) ? readdirSync(path) : []).filter((name) => name.endsWith(".tmp")));
    for (let round = 0; round < MAX_KILL_ROUNDS && temporaryFiles().length === 0; round++) {
      const writer = Bun.spawn([process.execPath, script, dir], { stdout: "pipe", stderr: "inherit" });
      await writer.stdout.getReader().read(); // "writing": the loop is running
      await Bun.sleep(Math.random() * MAX_KILL_DELAY_MS);
      writer.kill("SIGKILL");
      await writer.exited;
    }
    expect(temporaryFiles().length).toBeGreaterThan(0);
    const store = new ConfigStore(dir);
    expect(temporaryFiles()).toEqual([]);
    expectState(await store.read(), "ok");
  }, 120_000);

  test("a missing data dir is created on the first write", async () => {
    const dir = join(dataDir(), "nested", "instance");
    await new ConfigStore(dir).replace(defaultConfig());
    expect(existsSync(join(dir, CONFIG_FILE_NAME))).toBe(true);
  });
});
