import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BACKUP_DIR_NAME, backupFileName, MAX_BACKUPS, nextBackupId, type BackupContent } from "../../../src/modules/config/backups";
import { defaultConfig, type TgcfConfig } from "../../../src/modules/config/model";
import { serializeConfig } from "../../../src/modules/config/serialize";
import { CONFIG_FILE_NAME, ConfigStore } from "../../../src/modules/config/store";
import { ApiError } from "../../../src/utils/api-error";

const tempDirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-backups-"));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fake clock that advances one second per reading. */
function steppingClock(start = Date.UTC(2026, 10, 24, 11, 30, 0, 123)) {
  let now = start;
  return () => new Date((now += 1000) - 1000);
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  return 200;
}

function expectOk(content: BackupContent): TgcfConfig {
  if (content.state !== "ok") throw new Error(`expected a valid config, got ${content.state}`);
  return content.config;
}

async function storeWithVersions(count: number, now = steppingClock()) {
  const dir = dataDir();
  const store = new ConfigStore(dir, { now });
  for (let pid = 1; pid <= count; pid++) await store.replace({ ...defaultConfig(), pid });
  return { dir, store };
}

describe("config backups", () => {
  test("every write keeps the previous version, newest first, with time-sortable ids, labelled by what it holds", async () => {
    const { store } = await storeWithVersions(3);
    // Clock readings, a second apart: save 1, save 2, backup of 1, save 3, backup of 2.
    const backups = await store.listBackups();
    expect(backups).toEqual([
      { id: "20261124T113004123Z", createdAt: "2026-11-24T11:30:04.123Z", replacedAt: "2026-11-24T11:30:04.123Z", savedAt: "2026-11-24T11:30:01.123Z", source: "server", size: serializeConfig({ ...defaultConfig(), pid: 2 }).length },
      { id: "20261124T113002123Z", createdAt: "2026-11-24T11:30:02.123Z", replacedAt: "2026-11-24T11:30:02.123Z", savedAt: "2026-11-24T11:30:00.123Z", source: "server", size: serializeConfig({ ...defaultConfig(), pid: 1 }).length },
    ]);
    const newest = await store.readBackup(backups[0]!.id);
    expect(newest.state === "ok" && newest.config.pid).toBe(2);
    expect(newest).toMatchObject({ savedAt: "2026-11-24T11:30:01.123Z", source: "server" });
  });

  test("the backup saved at the time a change was saved holds that change, and says who saved it", async () => {
    const dir = dataDir();
    const store = new ConfigStore(dir, { now: steppingClock() });
    await store.replace(defaultConfig(), { by: "API token" });
    const withPlugins = await store.update((config) => ({ ...config, plugins: { ...config.plugins, fmt: { check: true, style: "bold" } } }), { by: "web UI" });
    await store.update((config) => ({ ...config, theme: "dark" }), { by: "web UI" });
    const [savedWithPlugins] = await store.listBackups();
    expect(savedWithPlugins).toMatchObject({ source: "server", by: "web UI" });
    const restored = await store.restoreBackup(savedWithPlugins!.id);
    expect(restored.state === "ok" && restored.config.plugins.fmt).toEqual({ check: true, style: "bold" });
    expect(restored.etag).toBe(withPlugins.etag);
    const [replacedByRestore] = await store.listBackups();
    expect(replacedByRestore).toMatchObject({ source: "server", by: "web UI" });
    expect(expectOk(await store.readBackup(replacedByRestore!.id)).theme).toBe("dark");
  });

  test("a restore is labelled as one in the backup made when it is replaced", async () => {
    const { store } = await storeWithVersions(2);
    const [first] = await store.listBackups();
    await store.restoreBackup(first!.id, { by: "web UI" });
    await store.replace({ ...defaultConfig(), pid: 9 });
    const [restored] = await store.listBackups();
    expect(restored).toMatchObject({ source: "server", by: "web UI", note: `restored backup ${first!.id}` });
  });

  test("a version found on disk, and backups made before versions were recorded, are listed as unknown", async () => {
    const dir = dataDir();
    writeFileSync(join(dir, CONFIG_FILE_NAME), serializeConfig({ ...defaultConfig(), pid: 5 }));
    const found = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    utimesSync(join(dir, CONFIG_FILE_NAME), found, found);
    const store = new ConfigStore(dir, { now: steppingClock() });
    await store.replace({ ...defaultConfig(), pid: 6 });
    mkdirSync(join(dir, BACKUP_DIR_NAME), { recursive: true });
    const legacyId = "20200101T000000000Z";
    writeFileSync(join(dir, BACKUP_DIR_NAME, backupFileName(legacyId)), serializeConfig(defaultConfig()));
    const backups = await store.listBackups();
    expect(backups[0]).toMatchObject({ source: "unknown", savedAt: found.toISOString() });
    expect(backups.at(-1)).toMatchObject({ id: legacyId, source: "unknown", savedAt: null, replacedAt: "2020-01-01T00:00:00.000Z" });
  });

  test("a server restarted over its own last write still knows who wrote it; a file changed meanwhile is external", async () => {
    const dir = dataDir();
    await new ConfigStore(dir, { now: steppingClock() }).replace({ ...defaultConfig(), pid: 1 }, { by: "web UI" });
    await new ConfigStore(dir, { now: steppingClock() }).replace({ ...defaultConfig(), pid: 2 });
    expect((await new ConfigStore(dir).listBackups())[0]).toMatchObject({ source: "server", by: "web UI" });

    writeFileSync(join(dir, CONFIG_FILE_NAME), serializeConfig({ ...defaultConfig(), pid: 3 }));
    const restarted = new ConfigStore(dir, { now: steppingClock() });
    await restarted.replace({ ...defaultConfig(), pid: 4 });
    expect((await restarted.listBackups())[0]).toMatchObject({ source: "external", note: "written while the server was not running" });
  });

  test("only the newest 20 are kept", async () => {
    const { dir, store } = await storeWithVersions(MAX_BACKUPS + 6);
    const backups = await store.listBackups();
    expect(backups).toHaveLength(MAX_BACKUPS);
    expect(readdirSync(join(dir, BACKUP_DIR_NAME))).toHaveLength(MAX_BACKUPS);
    const oldest = await store.readBackup(backups.at(-1)!.id);
    expect(oldest.state === "ok" && oldest.config.pid).toBe(6);
  });

  test("backups are readable by the owner only", async () => {
    const { dir, store } = await storeWithVersions(2);
    const [backup] = await store.listBackups();
    expect(statSync(join(dir, BACKUP_DIR_NAME, `${backup!.id}.json`)).mode & 0o777).toBe(0o600);
  });

  test("versions saved in the same millisecond, or after the clock went back, still sort in order", async () => {
    const frozen = () => new Date(Date.UTC(2026, 0, 1));
    const { store } = await storeWithVersions(4, frozen);
    expect((await store.listBackups()).map((backup) => backup.id)).toEqual([
      "20260101T000000000Z-002",
      "20260101T000000000Z-001",
      "20260101T000000000Z",
    ]);
    expect(nextBackupId(new Date(Date.UTC(2025, 0, 1)), "20260101T000000000Z-009")).toBe("20260101T000000000Z-010");
  });

  test("malformed ids are refused with 400 before any path is built; unknown ids give 404", async () => {
    const { store } = await storeWithVersions(2);
    for (const id of ["../x", "..%2f..%2ftgcf.config", "/etc/passwd", "", "20261124T113000123Z/../../x", "20261124T113000123Z.json", " 20261124T113000123Z"]) {
      expect({ id, status: await statusOf(store.readBackup(id)) }).toEqual({ id, status: 400 });
      expect({ id, status: await statusOf(store.restoreBackup(id)) }).toEqual({ id, status: 400 });
    }
    expect(await statusOf(store.readBackup("20001124T113000123Z"))).toBe(404);
  });

  test("restoring a backup writes it back and backs up the current version", async () => {
    const { dir, store } = await storeWithVersions(3);
    const oldest = (await store.listBackups()).at(-1)!;
    const current = await store.read();
    const restored = await store.restoreBackup(oldest.id, { ifMatch: current.etag });
    expect(restored.state === "ok" && restored.config.pid).toBe(1);
    const [newestBackup] = await store.listBackups();
    const kept = await store.readBackup(newestBackup!.id);
    expect(kept.state === "ok" && kept.config.pid).toBe(3);
    expect(await statusOf(store.restoreBackup(oldest.id, { ifMatch: current.etag }))).toBe(412);
    expect(Bun.file(join(dir, CONFIG_FILE_NAME)).size).toBeGreaterThan(0);
  });

  test("a backup that is not a valid config is listed and read raw, but not restored", async () => {
    const dir = dataDir();
    const store = new ConfigStore(dir, { now: steppingClock() });
    writeFileSync(join(dir, CONFIG_FILE_NAME), '{"pid": "many"}');
    await store.replace(defaultConfig());
    const [backup] = await store.listBackups();
    const content = await store.readBackup(backup!.id);
    expect(content).toMatchObject({ state: "invalid", raw: '{"pid": "many"}', errors: [{ path: "/pid", message: "must be a whole number" }] });
    expect(await statusOf(store.restoreBackup(backup!.id))).toBe(422);
  });

  test("a backup file that is a symbolic link is left out of the list and refused by id", async () => {
    const { dir, store } = await storeWithVersions(2);
    const outside = join(dataDir(), "elsewhere.json");
    writeFileSync(outside, serializeConfig({ ...defaultConfig(), pid: 99 }));
    const plantedId = "20001124T113000123Z";
    const link = join(dir, BACKUP_DIR_NAME, backupFileName(plantedId));
    symlinkSync(outside, link);
    expect((await store.listBackups()).map((backup) => backup.id)).not.toContain(plantedId);
    for (const attempt of [() => store.readBackup(plantedId), () => store.restoreBackup(plantedId)]) {
      await expect(attempt()).rejects.toMatchObject({ status: 500, message: `refusing to follow the symbolic link ${link}: remove it` });
    }
  });

  test("a backups directory that is a symbolic link is refused, and the config is not saved without its backup", async () => {
    const { dir, store } = await storeWithVersions(1);
    const outside = dataDir();
    const link = join(dir, BACKUP_DIR_NAME);
    rmSync(link, { recursive: true, force: true });
    symlinkSync(outside, link);
    const before = readFileSync(join(dir, CONFIG_FILE_NAME), "utf8");
    const refusal = { status: 500, message: `refusing to follow the symbolic link ${link}: remove it` };
    await expect(store.listBackups()).rejects.toMatchObject(refusal);
    await expect(store.replace({ ...defaultConfig(), pid: 2 })).rejects.toMatchObject(refusal);
    expect(readFileSync(join(dir, CONFIG_FILE_NAME), "utf8")).toBe(before);
    expect(readdirSync(outside)).toEqual([]);
  });
});
