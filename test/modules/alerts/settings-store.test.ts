// The alert settings file: kept across restarts, never read through a link, a broken file reported (without its content).
import { afterEach, expect, test } from "bun:test";
import { lstatSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../helpers/server";
import { ALERTS_FILE_NAME, AlertSettingsStore, DEFAULT_ALERT_SETTINGS } from "../../../src/modules/alerts/settings-store";
import { serverStateDirPath } from "../../../src/utils/server-state-dir";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};

test("saved settings are read back by the next server", async () => {
  const dir = dataDir();
  const settings = { cooldownSeconds: 30, channels: [{ id: "t", kind: "telegram" as const, botToken: "1:abc", chatIds: ["7"] }] };
  await AlertSettingsStore.inDataDir(dir).replace(settings);
  expect(AlertSettingsStore.inDataDir(dir).get()).toEqual(settings);
});

test("a link in place of the file is not followed: reported, then replaced by the next save", async () => {
  const dir = dataDir();
  const outside = join(dataDir(), "elsewhere.json");
  writeFileSync(outside, JSON.stringify({ cooldownSeconds: 1, channels: [] }));
  const stateDir = serverStateDirPath(dir);
  AlertSettingsStore.inDataDir(dir); // creates the state dir
  symlinkSync(outside, join(stateDir, ALERTS_FILE_NAME));
  const reports: string[] = [];
  const store = AlertSettingsStore.inDataDir(dir, (line) => reports.push(line));
  expect(store.get()).toEqual(DEFAULT_ALERT_SETTINGS);
  expect(reports.join()).toContain("symbolic link");
  await store.replace({ cooldownSeconds: 5, channels: [] });
  expect(lstatSync(join(stateDir, ALERTS_FILE_NAME)).isSymbolicLink()).toBe(false);
  expect(JSON.parse(readFileSync(outside, "utf8")).cooldownSeconds).toBe(1);
});

test("an invalid file is reported without its content and alerts stay off", () => {
  const dir = dataDir();
  AlertSettingsStore.inDataDir(dir);
  writeFileSync(join(serverStateDirPath(dir), ALERTS_FILE_NAME), '{"channels": [{"id": "x", "kind": "webhook", "secret": "hidden-value"}], "cooldownSeconds": 1}');
  const reports: string[] = [];
  expect(AlertSettingsStore.inDataDir(dir, (line) => reports.push(line)).get()).toEqual(DEFAULT_ALERT_SETTINGS);
  expect(reports).toHaveLength(1);
  expect(reports[0]).not.toContain("hidden-value");
});
