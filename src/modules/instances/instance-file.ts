// <instance>/.tgcf-server/instance.json: the instance's display name and the settings it overrides.
import { join } from "node:path";
import { existsSync } from "node:fs";
import { readFileNoFollowSync } from "../../utils/safe-fs";
import { ApiError } from "../../utils/api-error";
import { writeFileAtomicallySync } from "../../utils/atomic-write";
import { serverStateDir, serverStateDirPath } from "../../utils/server-state-dir";
import { API_INSTANCE_SETTING_KEYS, checkInstanceSetting, INSTANCE_SETTING_KEYS, type ApiInstanceSettingKey, type InstanceSettings, type Settings } from "../../settings";

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

/**
 * The file's content; the id as name and no overrides when there is none. A setting that the flag would refuse, or
 * a file that is not JSON, is left out and named in `problems` (the server's value applies): a bad file must not
 * keep the server from starting.
 */
export function readInstanceFile(instanceDir: string, id: string): InstanceFile & { problems: string[] } {
  const path = pathOf(instanceDir);
  if (!existsSync(path)) return { name: id, settings: {}, problems: [] };
  let raw: { name?: unknown; settings?: unknown };
  try {
    raw = JSON.parse(readFileNoFollowSync(path).toString("utf8"));
  } catch (error) {
    return { name: id, settings: {}, problems: [`${path} is not valid JSON (${(error as Error).message}): its name and settings are not used`] };
  }
  const given = raw !== null && typeof raw === "object" && raw.settings !== null && typeof raw.settings === "object" ? (raw.settings as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of INSTANCE_SETTING_KEYS) {
    if (given[key] === undefined) continue;
    const checked = checkInstanceSetting(key, given[key]);
    if ("value" in checked) settings[key] = checked.value;
    else problems.push(`${path}: settings.${key} is not used: ${checked.problem}`);
  }
  for (const key of Object.keys(given)) {
    if (!(INSTANCE_SETTING_KEYS as readonly string[]).includes(key)) problems.push(`${path}: settings.${key} is not an instance setting (known: ${INSTANCE_SETTING_KEYS.join(", ")})`);
  }
  const name = typeof raw?.name === "string" && raw.name.trim() !== "" ? raw.name.slice(0, MAX_INSTANCE_NAME_LENGTH) : id;
  return { name, settings: settings as Partial<InstanceSettings>, problems };
}

/** The file as it is, for a change that keeps everything else; 409 when it is there but not a JSON object. */
function rawInstanceFile(path: string, doing: string): Record<string, unknown> {
  if (!existsSync(path)) return { settings: {} };
  try {
    const parsed: unknown = JSON.parse(readFileNoFollowSync(path).toString("utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    throw new Error("not an object");
  } catch (error) {
    throw new ApiError(409, `${path} is not a JSON object (${(error as Error).message}): fix or remove it by hand, then ${doing}`);
  }
}

function writeRaw(instanceDir: string, raw: Record<string, unknown>): void {
  serverStateDir(instanceDir);
  writeFileAtomicallySync(pathOf(instanceDir), JSON.stringify(raw, null, 2) + "\n");
}

/** Sets the display name and keeps everything else in the file as it is, even settings this version does not use. */
export function renameInInstanceFile(instanceDir: string, name: string): void {
  writeRaw(instanceDir, { ...rawInstanceFile(pathOf(instanceDir), "rename"), name });
}

/** Replaces the overrides the API may set; the tgcf command and keys this version does not know stay as they are. */
export function writeApiOverrides(instanceDir: string, overrides: Partial<Record<ApiInstanceSettingKey, unknown>>): void {
  const raw = rawInstanceFile(pathOf(instanceDir), "change its settings");
  const kept = Object.fromEntries(
    Object.entries(raw.settings !== null && typeof raw.settings === "object" ? (raw.settings as Record<string, unknown>) : {}).filter(
      ([key]) => !(API_INSTANCE_SETTING_KEYS as readonly string[]).includes(key),
    ),
  );
  writeRaw(instanceDir, { ...raw, settings: { ...kept, ...overrides } });
}

export function writeInstanceFile(instanceDir: string, file: InstanceFile): void {
  serverStateDir(instanceDir);
  writeFileAtomicallySync(pathOf(instanceDir), JSON.stringify(file, null, 2) + "\n");
}

/** The server's settings with this instance's overrides applied. */
export function instanceSettings(server: Settings, file: InstanceFile): Settings {
  return { ...server, ...file.settings };
}
