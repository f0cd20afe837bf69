// Starts the real server in-process on a random loopback port with a fresh data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defaultSettings, type Settings } from "../../src/settings";
import { startServer, type ServerHandle, type ServerOptions } from "../../src/app";
import { createLogger } from "../../src/utils/logger";

export const TEST_TOKEN = "test-Token-7fQ9xK2mR8vL3pW6zT1cHd5N";
export const FAKE_TGCF = resolve(import.meta.dir, "../fixtures/fake-tgcf.ts");
export const FAKE_TGCF_COMMAND = `${process.execPath} ${FAKE_TGCF}`;

export interface TestServer {
  url: string;
  origin: string;
  /** The data dir of the instance default (<root>/instances/default), where the seed's routes act. */
  dataDir: string;
  /** The server's data dir (--data-dir). */
  rootDir: string;
  handle: ServerHandle;
  /** fetch with the bearer token unless headers say otherwise. */
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export function tempDir(prefix = "tgcf-server-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestServer(overrides: Partial<Settings> = {}, options: ServerOptions = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? tempDir();
  const settings: Settings = {
    ...defaultSettings(),
    port: 0,
    host: "127.0.0.1",
    dataDir,
    token: TEST_TOKEN,
    tgcfCommand: FAKE_TGCF_COMMAND,
    stopGraceMs: 1_000,
    killAfterMs: 500,
    logLevel: "error",
    ...overrides,
  };
  const handle = await startServer(settings, { logger: createLogger("error", () => {}), ...options });
  const url = `http://127.0.0.1:${handle.port}`;
  let stopped = false;
  return {
    url,
    origin: url,
    dataDir: handle.instance.dataDir,
    rootDir: dataDir,
    handle,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TEST_TOKEN}`);
      return fetch(url + path, { ...init, headers });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await handle.stop();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in like the browser does and returns the cookie header value. */
export async function signIn(server: TestServer, token = TEST_TOKEN): Promise<string> {
  const response = await fetch(server.url + "/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin },
    body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const setCookie = response.headers.get("set-cookie") ?? "";
  return setCookie.split(";")[0]!;
}

/** A config tgcf can start with: a bot login and one enabled connection. */
export const RUNNABLE_CONFIG = {
  login: { API_ID: 12345, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 0, BOT_TOKEN: "123456:test-bot-token" },
  forwards: [{ con_name: "test", use_this: true, source: -1001, dest: [-1002] }],
};

export async function saveRunnableConfig(server: TestServer, extra: Record<string, unknown> = {}): Promise<void> {
  const response = await server.api("/api/config", {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...RUNNABLE_CONFIG, ...extra }),
  });
  if (response.status !== 200) throw new Error(`saving the config failed: ${response.status} ${await response.text()}`);
}

/** Polls until the check passes or the time is up (liveness bound only, never a speed assertion). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** True while a process with this pid exists and is not a zombie. */
export function isProcessAlive(pid: number): boolean {
  try {
    const stat = require("node:fs").readFileSync(`/proc/${pid}/stat`, "utf8") as string;
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
