// <instance>/.tgcf-server/instance.json: the instance's display name and the settings it overrides.
import { join } from "node:path";
import { existsSync } from "node:fs";
import { readFileNoFollowSync } from "../../utils/safe-fs";
import { writeFileAtomicallySync } from "../../utils/atomic-write";
import { serverStateDir, serverStateDirPath } from "../../utils/server-state-dir";
import { INSTANCE_SETTING_KEYS, type InstanceSettings, type Settings } from "../../settings";

export const INSTANCE_FILE_NAME = "instance.json";
export const MAX_INSTANCE_NAME_LENGTH = 100;

export interface InstanceFile {
  name: string;
  /** Overrides of the server's instance settings for this instance only (tgcf command, grace periods, …). */
  settings: Partial<InstanceSettings>;
}

function pathOf(instanceDir: string): string {
  return join(serverStateDirPath(instanceDir), INSTANCE_FILE_NAME);
}

/** The file's content; the id as name and no overrides when there is none. Unknown or mistyped settings are ignored. */
export function readInstanceFile(instanceDir: string, id: string): InstanceFile {
  const path = pathOf(instanceDir);
  if (!existsSync(path)) return { name: id, settings: {} };
  const raw = JSON.parse(readFileNoFollowSync(path).toString("utf8")) as { name?: unknown; settings?: Record<string, unknown> };
  const defaults: Record<string, unknown> = { tgcfCommand: "", stopGraceMs: 0, killAfterMs: 0, autoRestart: true, autoStart: true, healthyAfterMs: 0, maxRestartsPerHour: 0, logRingLines: 0 };
  const settings: Record<string, unknown> = {};
  for (const key of INSTANCE_SETTING_KEYS) {
    const value = raw.settings?.[key];
    if (value !== undefined && typeof value === typeof defaults[key]) settings[key] = value;
  }
  const name = typeof raw.name === "string" && raw.name.trim() !== "" ? raw.name.slice(0, MAX_INSTANCE_NAME_LENGTH) : id;
  return { name, settings: settings as Partial<InstanceSettings> };
}

export function writeInstanceFile(instanceDir: string, file: InstanceFile): void {
  serverStateDir(instanceDir);
  writeFileAtomicallySync(pathOf(instanceDir), JSON.stringify(file, null, 2) + "\n");
}

/** The server's settings with this instance's overrides applied. */
export function instanceSettings(server: Settings, file: InstanceFile): Settings {
  return { ...server, ...file.settings };
}
