// Starts the real server in-process on a random loopback port with a fresh data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { defaultSettings, type Settings } from "../../src/settings";
import { startServer, type ServerHandle, type ServerOptions } from "../../src/app";
import { createLogger } from "../../src/utils/logger";

export const TEST_TOKEN = "test-token-0123456789abcdef-0123456789";
export const FAKE_TGCF = resolve(import.meta.dir, "../fixtures/fake-tgcf.ts");
export const FAKE_TGCF_COMMAND = `${process.execPath} ${FAKE_TGCF}`;

export interface TestServer {
  url: string;
  origin: string;
  dataDir: string;
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
    dataDir,
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
