// Runs the server as a real child process (`bun src/index.ts`), for tests of signals, restarts and exit codes.
import { resolve } from "node:path";
import type { Subprocess } from "bun";
import { FAKE_TGCF_COMMAND, TEST_TOKEN } from "./server";
import { freePort } from "./free-port";

export { freePort };

export const ENTRY = resolve(import.meta.dir, "../../src/index.ts");

export interface ServerProcess {
  process: Subprocess<"ignore", "pipe", "pipe">;
  dataDir: string;
  url: string;
  port: number;
  output(): string;
  api(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts the server and waits until /api/health answers. */
export async function spawnServer(dataDir: string, options: { port?: number; args?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const child = Bun.spawn([process.execPath, ENTRY, "--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir, ...(options.args ?? [])], {
    env: { ...process.env, TGCF_SERVER_TOKEN: TEST_TOKEN, TGCF_SERVER_COMMAND: FAKE_TGCF_COMMAND, TGCF_SERVER_STOP_GRACE_MS: "1500", TGCF_SERVER_KILL_AFTER_MS: "500", ...options.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  };
  void pump(child.stdout);
  void pump(child.stderr);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${text}`);
    const ok = await fetch(url + "/api/health").then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not answer: ${text}`);
    await Bun.sleep(25);
  }
  return {
    process: child,
    dataDir,
    url,
    port,
    output: () => text,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TEST_TOKEN}`);
      return fetch(url + path, { ...init, headers });
    },
  };
}

const GRACEFUL_STOP_MS = 10_000;

/** Stops the server as `docker stop` would (SIGTERM, SIGKILL if it hangs), then any tgcf still left in its data dir. */
export async function stopServerProcess(server: ServerProcess): Promise<void> {
  if (server.process.exitCode === null && server.process.signalCode === null) {
    server.process.kill("SIGTERM");
    const timer = setTimeout(() => server.process.kill("SIGKILL"), GRACEFUL_STOP_MS);
    await server.process.exited;
    clearTimeout(timer);
  }
  for (const pid of fakeTgcfProcessesIn(server.dataDir)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Pids of fake tgcf processes whose working directory is `dataDir` or one of its instances' dirs (<dataDir>/instances/<id>). */
export function fakeTgcfProcessesIn(dataDir: string): number[] {
  const { readdirSync, readFileSync, readlinkSync } = require("node:fs") as typeof import("node:fs");
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (state !== "Z" && cmdline.includes("fake-tgcf.ts") && isUnder(readlinkSync(`/proc/${entry}/cwd`), dataDir)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function isUnder(cwd: string, dataDir: string): boolean {
  return cwd === dataDir || cwd.startsWith(`${dataDir}/instances/`);
}

/** Pids of fake tgcf processes running in one instance's dir, <dataDir>/instances/<id>. */
export function fakeTgcfProcessesOf(dataDir: string, id: string): number[] {
  const instanceDir = `${dataDir}/instances/${id}`;
  const { readlinkSync } = require("node:fs") as typeof import("node:fs");
  return fakeTgcfProcessesIn(dataDir).filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === instanceDir;
    } catch {
      return false;
    }
  });
}
