// Runs the real tgcf-server as a child process (as a user would), with the fake tgcf, on a free loopback port.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";

export { freePort } from "../../helpers/free-port";

export const E2E_TOKEN = "e2e-Token-4hG8sW2qZ7nB5xC1vM9kR3tY";
const REPO_ROOT = resolve(import.meta.dir, "../../..");
const FAKE_TGCF = join(REPO_ROOT, "test/fixtures/fake-tgcf.ts");
/** Generous upper bounds for liveness on slow machines. */
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "tgcf-ui-e2e-"));
}

export interface ServerOptions {
  port: number;
  dataDir: string;
  /** Extra environment for the server and the fake tgcf it starts (FAKE_TGCF_TICK_MS...). */
  env?: Record<string, string>;
}

export class ServerProcess {
  private child: Subprocess | null = null;
  private output = "";

  constructor(readonly options: ServerOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.options.port}/`;
  }

  /** Starts the server and resolves once GET /api/health answers. */
  async start(): Promise<void> {
    const { port, dataDir, env = {} } = this.options;
    this.child = Bun.spawn(
      [process.execPath, join(REPO_ROOT, "src/index.ts"), "--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir, "--token", E2E_TOKEN],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, TGCF_SERVER_COMMAND: `${process.execPath} ${FAKE_TGCF}`, TGCF_SERVER_STOP_GRACE_MS: "1000", TGCF_SERVER_KILL_AFTER_MS: "500", ...env },
        stdout: "pipe",
        stderr: "pipe",
      },
    );
    void this.collect(this.child.stdout as ReadableStream<Uint8Array>);
    void this.collect(this.child.stderr as ReadableStream<Uint8Array>);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`server exited with ${this.child.exitCode}:\n${this.output}`);
      const healthy = await fetch(`${this.url}api/health`).then((r) => r.ok, () => false);
      if (healthy) return;
      await Bun.sleep(POLL_MS);
    }
    throw new Error(`server did not answer within ${START_TIMEOUT_MS} ms:\n${this.output}`);
  }

  /** SIGTERM, as Docker or systemd would; resolves when the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill("SIGTERM");
    const exited = await Promise.race([child.exited.then(() => true), Bun.sleep(STOP_TIMEOUT_MS).then(() => false)]);
    if (!exited) {
      child.kill("SIGKILL");
      await child.exited;
      throw new Error(`server ignored SIGTERM for ${STOP_TIMEOUT_MS} ms:\n${this.output}`);
    }
    this.child = null;
  }

  /** What the server printed (for failure messages). */
  get log(): string {
    return this.output;
  }

  /** GET/POST on the API with the bearer token (to set up or inspect state behind the page's back). */
  api(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${E2E_TOKEN}`);
    return fetch(this.url + path, { ...init, headers });
  }

  private async collect(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const reader = stream.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) this.output += decoder.decode(chunk.value, { stream: true });
  }
}
