// Starts what is measured, as its own process: tgcf-server from source (`bun src/index.ts`) or the yardstick relay.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isAlive, waitForExit } from "./proc";

export type TargetKind = "tgcf-server" | "yardstick";
export const TARGET_KINDS: readonly TargetKind[] = ["yardstick", "tgcf-server"];
export const BENCH_TOKEN = "bench-Token-9hT4wQ1kZ7xN3vB8mR5cL2p";
export const FAKE_TGCF = resolve(import.meta.dir, "../../test/fixtures/fake-tgcf.ts");
export const TIMED_CHILD = resolve(import.meta.dir, "../timed-child.ts");
const SERVER_ENTRY = resolve(import.meta.dir, "../../src/index.ts");
const YARDSTICK_ENTRY = resolve(import.meta.dir, "../yardstick-relay.ts");
/** A login and an enabled forward (user account, so past mode runs), as issue 3 asks. */
export const RUNNABLE_CONFIG_PATCH = {
  login: { API_ID: 1, API_HASH: "h", user_type: 1, SESSION_STRING: "s" },
  forwards: [{ source: 1, dest: [2] }],
};
const START_TIMEOUT_MS = 15_000;
const HEALTH_POLL_MS = 1;
const STOP_TIMEOUT_MS = 10_000;

export interface TargetOptions {
  /** Environment of the target, which its child inherits (FAKE_TGCF_FLOOD_LINES...). */
  childEnv?: Record<string, string>;
  /** The script the target runs as tgcf; default the fake tgcf. */
  childScript?: string;
  /** Extra tgcf-server flags (the yardstick has none). */
  serverArgs?: string[];
  /** Flags for bun itself, before the script (e.g. --smol). */
  bunFlags?: string[];
  /** Save a runnable config in tgcf-server right after start (default true; false leaves it untouched, for idle measurements). */
  runnable?: boolean;
  /** The tgcf-server script to run instead of src/index.ts (e.g. bench/activity-server.ts). */
  serverEntry?: string;
}

export interface Target {
  kind: TargetKind;
  pid: number;
  port: number;
  url: string;
  /** From the spawn to the first 200 on /api/health, polled every HEALTH_POLL_MS. */
  startupMs: number;
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Starts the child in past mode; returns its pid. */
  runChild(): Promise<number>;
  /** When the fake tgcf started (epoch ms, the mtime of its FAKE_TGCF_REPORT file), or null. */
  childStartedAt(): number | null;
  stop(): Promise<void>;
}

export function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("TGCF_SERVER_") && !key.startsWith("FAKE_TGCF_") && !key.startsWith("BENCH_")) env[key] = value;
  }
  return env;
}

/** Starts the target on a free loopback port, waits for /api/health, and for tgcf-server saves a runnable config. */
export async function startTarget(kind: TargetKind, options: TargetOptions = {}): Promise<Target> {
  const workDir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const reportPath = join(workDir, "child-report.json");
  const childCommand = `${process.execPath} ${options.childScript ?? FAKE_TGCF}`;
  const env = { ...cleanEnvironment(), ...options.childEnv, FAKE_TGCF_REPORT: reportPath };
  const argv =
    kind === "tgcf-server"
      ? [options.serverEntry ?? SERVER_ENTRY, "--host", "127.0.0.1", "--port", String(port), "--data-dir", join(workDir, "data"), "--token", BENCH_TOKEN,
         "--tgcf-command", childCommand, "--stop-grace-ms", "1000", "--kill-after-ms", "500", ...(options.serverArgs ?? [])]
      : [YARDSTICK_ENTRY, "--port", String(port), "--token", BENCH_TOKEN, "--command", childCommand];
  const spawnedAt = performance.now();
  const server = Bun.spawn([process.execPath, ...(options.bunFlags ?? []), ...argv], {
    env,
    stdin: "ignore",
    stdout: Bun.file(join(workDir, "stdout.log")),
    stderr: Bun.file(join(workDir, "stderr.log")),
  });
  let startupMs: number | null = null;
  while (startupMs === null) {
    const healthy = await fetch(`${url}/api/health`).then((response) => response.ok, () => false);
    if (healthy) startupMs = performance.now() - spawnedAt;
    else if (server.exitCode !== null || performance.now() - spawnedAt > START_TIMEOUT_MS) {
      server.kill("SIGKILL");
      throw new Error(`${kind} did not start: ${await Bun.file(join(workDir, "stderr.log")).text()}`);
    } else await Bun.sleep(HEALTH_POLL_MS);
  }
  const api = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${BENCH_TOKEN}`);
    return fetch(url + path, { ...init, headers });
  };
  if (kind === "tgcf-server" && options.runnable !== false) {
    const saved = await api("/api/config", { method: "PATCH", headers: { "content-type": "application/merge-patch+json" }, body: JSON.stringify(RUNNABLE_CONFIG_PATCH) });
    if (!saved.ok) throw new Error(`PATCH /api/config: ${saved.status} ${await saved.text()}`);
  }
  const childPids: number[] = [];
  return {
    kind,
    pid: server.pid,
    port,
    url,
    startupMs,
    api,
    async runChild() {
      const response = await api("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "past" }) });
      if (!response.ok) throw new Error(`POST /api/run: ${response.status} ${await response.text()}`);
      const { pid } = (await response.json()) as { pid: number };
      childPids.push(pid);
      return pid;
    },
    childStartedAt() {
      try {
        return statSync(reportPath).mtimeMs;
      } catch {
        return null;
      }
    },
    async stop() {
      server.kill("SIGTERM");
      if ((await waitForExit(server.pid, STOP_TIMEOUT_MS)) === null) server.kill("SIGKILL");
      await server.exited;
      for (const pid of childPids) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
