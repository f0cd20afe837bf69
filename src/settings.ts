// Server settings: flags win over environment variables, which win over defaults.
import { accessSync, constants, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_TGCF_COMMAND as TGCF_COMMAND } from "./modules/process/supervisor-options";
import { KILL_AFTER_MS, STOP_GRACE_MS } from "./modules/process/terminate";
import { tokenWeakness } from "./modules/auth/token-strength";
import { HEALTHY_AFTER_MS, MAX_RESTARTS_PER_HOUR } from "./modules/process/backoff";
import { isValidVersion, TGCF_MODEL_VERSION } from "./modules/tgcf-install/release";

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "0.0.0.0";
export const DEFAULT_DATA_DIR = "./data";
// The process module owns its defaults; settings only name them.
export const DEFAULT_TGCF_COMMAND = TGCF_COMMAND;
export const DEFAULT_STOP_GRACE_MS = STOP_GRACE_MS;
export const DEFAULT_KILL_AFTER_MS = KILL_AFTER_MS;
export const DEFAULT_LOG_RING_LINES = 5_000;
export const DEFAULT_MAX_INSTANCES = 20;
const MAX_MAX_INSTANCES = 1_000;
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Settings {
  port: number;
  host: string;
  dataDir: string;
  /** null: read from the data dir, or generate one there. */
  token: string | null;
  corsOrigins: string[];
  /** Host names the server answers to besides loopback; empty: any well-formed Host. */
  allowedHosts: string[];
  tgcfCommand: string;
  /** The Python that runs the Telegram helper; null: the one that runs tgcf. */
  tgcfPython: string | null;
  stopGraceMs: number;
  killAfterMs: number;
  autoRestart: boolean;
  autoStart: boolean;
  /** A run this long proves tgcf healthy: the restart delays start again from 2 s. */
  healthyAfterMs: number;
  /** More automatic restarts than this within an hour make tgcf fatal. */
  maxRestartsPerHour: number;
  logRingLines: number;
  logLevel: LogLevel;
  /** The most tgcf instances this server keeps (POST /api/instances answers 409 beyond). */
  maxInstances: number;
  /** A read-only token that admits GET /metrics only (for a Prometheus scrape config); null: the API token only. */
  metricsToken: string | null;
}

/** The settings an instance may override in its own settings file (<instance>/.tgcf-server/instance.json). */
export const INSTANCE_SETTING_KEYS = ["tgcfCommand", "stopGraceMs", "killAfterMs", "autoRestart", "autoStart", "healthyAfterMs", "maxRestartsPerHour", "logRingLines"] as const;
export type InstanceSettings = Pick<Settings, (typeof INSTANCE_SETTING_KEYS)[number]>;
/** The instance settings the API may change: all but the tgcf command (see README, "Server settings and instance settings"). */
export const API_INSTANCE_SETTING_KEYS = INSTANCE_SETTING_KEYS.filter((key) => key !== "tgcfCommand") as Exclude<(typeof INSTANCE_SETTING_KEYS)[number], "tgcfCommand">[];
export type ApiInstanceSettingKey = (typeof API_INSTANCE_SETTING_KEYS)[number];

export type ParseResult =
  | { kind: "settings"; settings: Settings }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "command"; name: "healthcheck"; settings: Settings }
  /** `tgcf install [--version V] [--index-url URL]`: null when not given (tgcf 1.1.8; pip's own index settings). */
  | { kind: "command"; name: "tgcf-install"; settings: Settings; tgcfVersion: string | null; indexUrl: string | null };

/** A setting that cannot be used: printed as one line, exit code 2. */
export class SettingsError extends Error {}

interface Option {
  flag: string;
  env: string[];
  key: keyof Settings;
  parse: (raw: string, name: string) => unknown;
  repeatable?: boolean;
  help: string;
}

const OPTIONS: Option[] = [
  { flag: "--port", env: ["TGCF_SERVER_PORT", "PORT"], key: "port", parse: parsePort, help: `port to listen on (default ${DEFAULT_PORT})` },
  { flag: "--host", env: ["TGCF_SERVER_HOST"], key: "host", parse: parseNonEmpty, help: `address to listen on (default ${DEFAULT_HOST})` },
  { flag: "--data-dir", env: ["TGCF_SERVER_DATA_DIR"], key: "dataDir", parse: parseNonEmpty, help: `tgcf.config.json, sessions, backups, logs (default ${DEFAULT_DATA_DIR})` },
  { flag: "--token", env: ["TGCF_SERVER_TOKEN"], key: "token", parse: parseToken, help: "API token (default: generated once, kept in the data dir)" },
  { flag: "--cors-origin", env: ["TGCF_SERVER_CORS_ORIGINS"], key: "corsOrigins", parse: parseOrigin, repeatable: true, help: "allow this origin cross-site, exact match (repeatable; env: comma list)" },
  { flag: "--allowed-host", env: ["TGCF_SERVER_ALLOWED_HOSTS"], key: "allowedHosts", parse: parseAllowedHost, repeatable: true, help: "answer only to this Host name, besides loopback (repeatable; env: comma list); guards against DNS rebinding" },
  { flag: "--tgcf-command", env: ["TGCF_SERVER_COMMAND"], key: "tgcfCommand", parse: parseNonEmpty, help: `command that runs tgcf (default ${DEFAULT_TGCF_COMMAND})` },
  { flag: "--tgcf-python", env: ["TGCF_SERVER_PYTHON"], key: "tgcfPython", parse: parseNonEmpty, help: "Python with Telethon for Telegram sign-in (default: the one that runs tgcf)" },
  { flag: "--stop-grace-ms", env: ["TGCF_SERVER_STOP_GRACE_MS"], key: "stopGraceMs", parse: parseMillis, help: `SIGINT to SIGTERM delay on stop (default ${DEFAULT_STOP_GRACE_MS})` },
  { flag: "--kill-after-ms", env: ["TGCF_SERVER_KILL_AFTER_MS"], key: "killAfterMs", parse: parseMillis, help: `SIGTERM to SIGKILL delay on stop (default ${DEFAULT_KILL_AFTER_MS})` },
  { flag: "--auto-restart", env: ["TGCF_SERVER_AUTO_RESTART"], key: "autoRestart", parse: parseBool, help: "restart tgcf with backoff when it exits unexpectedly (default true)" },
  { flag: "--auto-start", env: ["TGCF_SERVER_AUTO_START"], key: "autoStart", parse: parseBool, help: "start tgcf at server start if it was running before (default true)" },
  { flag: "--healthy-after", env: ["TGCF_SERVER_HEALTHY_AFTER"], key: "healthyAfterMs", parse: parseDuration, help: `a run this long resets the restart delays, e.g. 300s or 5m (default ${HEALTHY_AFTER_MS / 60_000}m)` },
  { flag: "--max-restarts-per-hour", env: ["TGCF_SERVER_MAX_RESTARTS_PER_HOUR"], key: "maxRestartsPerHour", parse: parseRestartsPerHour, help: `more automatic restarts within an hour make tgcf fatal (default ${MAX_RESTARTS_PER_HOUR})` },
  { flag: "--log-lines", env: ["TGCF_SERVER_LOG_LINES"], key: "logRingLines", parse: parseLogLines, help: `log lines kept in memory (default ${DEFAULT_LOG_RING_LINES})` },
  { flag: "--metrics-token", env: ["TGCF_SERVER_METRICS_TOKEN"], key: "metricsToken", parse: parseToken, help: "a read-only token that admits GET /metrics only, for Prometheus (default: none)" },
  { flag: "--max-instances", env: ["TGCF_SERVER_MAX_INSTANCES"], key: "maxInstances", parse: parseMaxInstances, help: `most tgcf instances this server keeps (default ${DEFAULT_MAX_INSTANCES})` },
  { flag: "--log-level", env: ["TGCF_SERVER_LOG_LEVEL"], key: "logLevel", parse: parseLogLevel, help: "server log level on stderr: debug, info, warn, error (default info)" },
];

/**
 * Checks an instance's override of `key` (from its instance.json) by the same rule as the flag: the value, or what
 * is wrong with it, e.g. "--stop-grace-ms: must be milliseconds from 0 to 600000, got \"-5\"".
 */
export function checkInstanceSetting(key: (typeof INSTANCE_SETTING_KEYS)[number], value: unknown): { value: unknown } | { problem: string } {
  const option = OPTIONS.find((candidate) => candidate.key === key)!;
  const expected = typeof defaultSettings()[key];
  if (typeof value !== expected || (expected === "number" && !Number.isInteger(value))) {
    return { problem: `${option.flag}: must be ${expected === "number" ? "a whole number" : `a ${expected}`}, got ${JSON.stringify(value)}` };
  }
  if (expected === "boolean") return { value };
  try {
    // The file holds milliseconds; the flag's durations read a bare number as seconds.
    const raw = option.parse === parseDuration ? `${String(value)}ms` : String(value);
    return { value: option.parse(raw, option.flag) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export function defaultSettings(): Settings {
  return {
    port: DEFAULT_PORT,
    host: DEFAULT_HOST,
    dataDir: DEFAULT_DATA_DIR,
    token: null,
    corsOrigins: [],
    allowedHosts: [],
    tgcfCommand: DEFAULT_TGCF_COMMAND,
    tgcfPython: null,
    stopGraceMs: DEFAULT_STOP_GRACE_MS,
    killAfterMs: DEFAULT_KILL_AFTER_MS,
    autoRestart: true,
    autoStart: true,
    healthyAfterMs: HEALTHY_AFTER_MS,
    maxRestartsPerHour: MAX_RESTARTS_PER_HOUR,
    logRingLines: DEFAULT_LOG_RING_LINES,
    logLevel: "info",
    maxInstances: DEFAULT_MAX_INSTANCES,
    metricsToken: null,
  };
}

/** Parses argv (without the runtime and script) and env; throws SettingsError on anything unusable. */
export function parseSettings(argv: string[], env: Record<string, string | undefined>): ParseResult {
  const settings = defaultSettings() as unknown as Record<string, unknown>;
  let command: "healthcheck" | "tgcf-install" | null = null;
  const tgcfInstall: { tgcfVersion: string | null; indexUrl: string | null } = { tgcfVersion: null, indexUrl: null };

  for (const option of OPTIONS) {
    const envName = option.env.find((name) => env[name] !== undefined && env[name] !== "");
    if (!envName) continue;
    const raw = env[envName]!;
    settings[option.key] = option.repeatable
      ? raw.split(",").map((part) => part.trim()).filter(Boolean).map((part) => option.parse(part, envName))
      : option.parse(raw, envName);
  }

  const fromFlags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "tgcf" && i === 0) {
      if (argv[1] !== "install") throw new SettingsError(`unknown command: tgcf ${argv[1] ?? ""}`.trim() + " (the one tgcf command is: tgcf install [--version V] [--index-url URL])");
      command = "tgcf-install";
      i++;
      continue;
    }
    // After `tgcf install`, --version is the tgcf version to install, not a question about this server's.
    const installFlag = command === "tgcf-install" ? TGCF_INSTALL_FLAGS.find((flag) => arg === flag || arg.startsWith(`${flag}=`)) : undefined;
    if (installFlag !== undefined) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      if (value === undefined) throw new SettingsError(`${installFlag} needs a value`);
      if (installFlag === "--version") tgcfInstall.tgcfVersion = parseTgcfVersion(value, installFlag);
      else tgcfInstall.indexUrl = parseIndexUrl(value, installFlag);
      continue;
    }
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--version" || arg === "-v") return { kind: "version" };
    if (arg === "healthcheck" && i === 0) {
      command = "healthcheck";
      continue;
    }
    const [flag, inlineValue] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const option = OPTIONS.find((o) => o.flag === flag);
    if (!option) throw new SettingsError(`unknown argument: ${arg} (see --help)`);
    const value = inlineValue ?? argv[++i];
    if (value === undefined) throw new SettingsError(`${flag} needs a value`);
    const parsed = option.parse(value, flag);
    if (option.repeatable) {
      const previous = fromFlags.has(flag) ? (settings[option.key] as unknown[]) : [];
      settings[option.key] = [...previous, parsed];
    } else {
      settings[option.key] = parsed;
    }
    fromFlags.add(flag);
  }

  const typed = settings as unknown as Settings;
  typed.dataDir = resolve(typed.dataDir);
  if (command === "healthcheck") return { kind: "command", name: command, settings: typed };
  if (command === "tgcf-install") return { kind: "command", name: command, settings: typed, ...tgcfInstall };
  return { kind: "settings", settings: typed };
}

/** Creates the data dir if needed and proves it is writable. */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw new SettingsError(`data dir ${dataDir} is not writable: ${(error as Error).message}`);
  }
}

export function helpText(): string {
  const lines = OPTIONS.map((o) => `  ${(o.flag + " <value>").padEnd(26)}${o.help} [env ${o.env.join(", ")}]`);
  return [
    "tgcf-server: configure, run and watch tgcf from your browser",
    "",
    "Usage: tgcf-server [options]",
    "       tgcf-server healthcheck [options]   exit 0 when the server on --port answers /api/health",
    `       tgcf-server tgcf install [--version V] [--index-url URL] [options]`,
    `                                           install tgcf (default ${TGCF_MODEL_VERSION}) into the data dir's own Python environment`,
    "",
    "Options (flags win over environment variables, which win over defaults):",
    ...lines,
    "  --help, --version",
  ].join("\n");
}

/** Flags that take a value after `tgcf install`. */
const TGCF_INSTALL_FLAGS = ["--version", "--index-url"] as const;

function parseTgcfVersion(raw: string, name: string): string {
  if (!isValidVersion(raw.trim())) throw new SettingsError(`${name}: must be a tgcf version like ${TGCF_MODEL_VERSION}, got "${raw}"`);
  return raw.trim();
}

function parseIndexUrl(raw: string, name: string): string {
  if (!/^(https?|file):\/\/\S+$/.test(raw.trim())) throw new SettingsError(`${name}: must be a package index URL like https://pypi.org/simple, got "${raw}"`);
  return raw.trim();
}

function parsePort(raw: string, name: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65535) throw new SettingsError(`${name}: port must be a whole number from 1 to 65535, got "${raw}"`);
  return port;
}

function parseMillis(raw: string, name: string): number {
  const ms = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || ms > 600_000) throw new SettingsError(`${name}: must be milliseconds from 0 to 600000, got "${raw}"`);
  return ms;
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const MAX_HEALTHY_AFTER_MS = 24 * 3_600_000;

/** "300", "300s", "5m", "1h" (plain numbers are seconds). */
function parseDuration(raw: string, name: string): number {
  const match = /^\s*(\d+)\s*(ms|s|m|h)?\s*$/.exec(raw);
  const ms = match ? Number(match[1]) * DURATION_UNITS_MS[match[2] ?? "s"]! : NaN;
  if (!(ms >= 1_000 && ms <= MAX_HEALTHY_AFTER_MS)) throw new SettingsError(`${name}: must be a duration from 1s to 24h such as 300s or 5m, got "${raw}"`);
  return ms;
}

function parseRestartsPerHour(raw: string, name: string): number {
  const count = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || count < 1 || count > 1_000) throw new SettingsError(`${name}: must be a number of restarts from 1 to 1000, got "${raw}"`);
  return count;
}

function parseLogLines(raw: string, name: string): number {
  const lines = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || lines < 100 || lines > 1_000_000) throw new SettingsError(`${name}: must be a number of lines from 100 to 1000000, got "${raw}"`);
  return lines;
}

function parseMaxInstances(raw: string, name: string): number {
  const count = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || count < 1 || count > MAX_MAX_INSTANCES) throw new SettingsError(`${name}: must be a number of instances from 1 to ${MAX_MAX_INSTANCES}, got "${raw}"`);
  return count;
}

function parseBool(raw: string, name: string): boolean {
  const value = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  throw new SettingsError(`${name}: must be true or false, got "${raw}"`);
}

function parseLogLevel(raw: string, name: string): LogLevel {
  const level = LOG_LEVELS.find((candidate) => candidate === raw.trim().toLowerCase());
  if (!level) throw new SettingsError(`${name}: must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
  return level;
}

function parseNonEmpty(raw: string, name: string): string {
  if (raw.trim() === "") throw new SettingsError(`${name}: must not be empty`);
  return raw;
}

function parseToken(raw: string, name: string): string {
  const weakness = tokenWeakness(raw);
  if (weakness) throw new SettingsError(`${name}: ${weakness}`);
  return raw;
}

/** A name this server answers to, as a person writes it in --allowed-host: a host name or address, without a port. */
function parseAllowedHost(raw: string, name: string): string {
  const host = raw.trim().toLowerCase().replace(/\.$/, "");
  if (!/^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/.test(host)) {
    throw new SettingsError(`${name}: "${raw}" is not a host name like tgcf.example.com (no scheme, port or path)`);
  }
  return host;
}

function parseOrigin(raw: string, name: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`${name}: "${raw}" is not an origin like https://example.com`);
  }
  if (!["http:", "https:"].includes(url.protocol) || url.origin !== raw.replace(/\/$/, "")) {
    throw new SettingsError(`${name}: "${raw}" is not an origin like https://example.com (scheme, host and port only)`);
  }
  return url.origin;
}
