import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BACKUP_DIR_NAME, backupFileName, MAX_BACKUPS, nextBackupId } from "../../../src/modules/config/backups";
import { defaultConfig } from "../../../src/modules/config/model";
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

async function storeWithVersions(count: number, now = steppingClock()) {
  const dir = dataDir();
  const store = new ConfigStore(dir, { now });
  for (let pid = 1; pid <= count; pid++) await store.replace({ ...defaultConfig(), pid });
  return { dir, store };
}

describe("config backups", () => {
  test("every write keeps the previous version, newest first, with time-sortable ids", async () => {
    const { store } = await storeWithVersions(3);
    const backups = await store.listBackups();
    expect(backups.map((backup) => backup.id)).toEqual(["20261124T113001123Z", "20261124T113000123Z"]);
    expect(backups[0]?.createdAt).toBe("2026-11-24T11:30:01.123Z");
    expect(backups[0]?.size).toBe(serializeConfig({ ...defaultConfig(), pid: 2 }).length);
    const newest = await store.readBackup(backups[0]!.id);
    expect(newest.state === "ok" && newest.config.pid).toBe(2);
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
    expect(content).toMatchObject({ state: "invalid", raw: '{"pid": "many"}', errors: [{ path: "/pid", message: "must be an integer" }] });
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
