// A real server whose Telegram helper is the fake one (through TGCF_SERVER_PYTHON), with its log captured.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startTestServer, tempDir, type TestServer } from "../../helpers/server";
import { createLogger } from "../../../src/utils/logger";
import { commandLineOf, listProcesses } from "../../../src/modules/process/process-group";
import type { TelegramOptions } from "../../../src/modules/telegram/service";
import { FAKE_BOT_TOKEN } from "../../fixtures/fake-telegram-helper";

/**
 * Bun 1.4 applies the preload's 60 s default timeout (test/setup.ts) only to the first file of a multi-file run,
 * so every file here that spawns helpers calls setDefaultTimeout(SLOW_TEST_TIMEOUT_MS) itself.
 */
export const SLOW_TEST_TIMEOUT_MS = 60_000;

export const FAKE_TELEGRAM_HELPER = resolve(import.meta.dir, "../../fixtures/fake-telegram-helper.ts");
export const TEST_API_ID = 24680;
export const TEST_API_HASH = "fedcba9876543210fedcba9876543210";

/**
 * An executable that stands where Python would, running the fake helper (optionally in a FAKE_TELEGRAM_MODE).
 * Its own path is the fake's last argument, so helpersRunningFrom can find what it started.
 */
export function fakePython(mode = ""): string {
  const path = join(tempDir("tgcf-fake-python-"), "python3");
  const env = mode ? `FAKE_TELEGRAM_MODE=${mode} ` : "";
  writeFileSync(path, `#!/bin/sh\n${env}exec "${process.execPath}" "${FAKE_TELEGRAM_HELPER}" "$@" "${path}"\n`);
  chmodSync(path, 0o700);
  return path;
}

/** Pids of live helpers started through this fake python. */
export function helpersRunningFrom(python: string): number[] {
  return listProcesses()
    .filter((stat) => stat.state !== "Z" && (commandLineOf(stat.pid) ?? []).includes(python))
    .map((stat) => stat.pid);
}

export interface TelegramTestServer extends TestServer {
  /** Every line the server logged. */
  logLines: string[];
  /** Every response body the test received through call(). */
  bodies: string[];
  /** POST (with a JSON body) or GET; answers status, headers and parsed body. */
  call(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: any }>;
  /** tgcf.config.json as it is on disk. */
  savedConfig(): any;
}

export interface TelegramServerOptions {
  python?: string;
  options?: TelegramOptions;
  login?: Record<string, unknown> | null;
}

/** Starts a server with API credentials and a bot login saved, unless `login` says otherwise (null: nothing saved). */
export async function startTelegramServer({ python = fakePython(), options = { codeRequestIntervalMs: 0 }, login = {} }: TelegramServerOptions = {}): Promise<TelegramTestServer> {
  const logLines: string[] = [];
  const bodies: string[] = [];
  const server = await startTestServer({ tgcfPython: python }, { logger: createLogger("debug", (line) => logLines.push(line)), telegram: options });
  const call: TelegramTestServer["call"] = async (method, path, body) => {
    const init: RequestInit = { method };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (body !== undefined) init.headers = { "content-type": "application/json" };
    const response = await server.api(path, init);
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
  if (login !== null) {
    const saved = await call("PATCH", "/api/config", {
      login: { API_ID: TEST_API_ID, API_HASH: TEST_API_HASH, user_type: 0, BOT_TOKEN: FAKE_BOT_TOKEN, ...login },
    });
    if (saved.status !== 200) throw new Error(`saving the login failed: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
  return { ...server, logLines, bodies, call, savedConfig: () => JSON.parse(readFileSync(join(server.dataDir, "tgcf.config.json"), "utf8")) };
}
