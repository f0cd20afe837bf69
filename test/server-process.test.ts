// The server as a real process: exit codes, the printed token, signals, a SIGKILLed server and its next start.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RUNNABLE_CONFIG, tempDir, TEST_TOKEN, waitUntil } from "./helpers/server";
import { ENTRY, fakeTgcfProcessesIn, freePort, spawnServer, stopServerProcess, type ServerProcess } from "./helpers/server-process";
import { logSocketUrl, RecordingSocket } from "./helpers/ws-client";

const running: ServerProcess[] = [];
afterEach(async () => {
  // Newest first: a later server may be supervising the tgcf an earlier, killed one left in the same data dir.
  for (const server of running.splice(0).reverse()) await stopServerProcess(server);
});

async function start(dataDir: string, options: Parameters<typeof spawnServer>[1] = {}) {
  const server = await spawnServer(dataDir, options);
  running.push(server);
  return server;
}

async function saveRunnableConfig(server: ServerProcess) {
  const response = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(RUNNABLE_CONFIG) });
  expect(response.status).toBe(200);
}

function runCli(args: string[], env: Record<string, string> = {}) {
  return Bun.spawnSync([process.execPath, ENTRY, ...args], { env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
}

describe("settings at start", () => {
  test.each([
    [["--port", "70000"], /port must be a whole number/],
    [["--frobnicate"], /unknown argument: --frobnicate/],
    [["--data-dir", "/proc/1/nope"], /data dir .* is not writable/],
  ])("%p prints one clear line and exits 2", (args, message) => {
    const result = runCli(args as string[]);
    expect(result.exitCode).toBe(2);
    const stderr = result.stderr.toString();
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message as RegExp);
  });

  test("a data dir whose state folder is a symbolic link is refused in one line naming it, and nothing is written through it", () => {
    const root = mkdtempSync(join(tmpdir(), "tgcf-link-"));
    try {
      mkdirSync(join(root, "data"));
      mkdirSync(join(root, "elsewhere"));
      symlinkSync(join(root, "elsewhere"), join(root, "data", ".tgcf-server"));
      const result = runCli(["--port", "1", "--data-dir", join(root, "data")]);
      expect(result.exitCode).toBe(2);
      const stderr = result.stderr.toString().trim();
      expect(stderr.split("\n")).toHaveLength(1);
      expect(stderr).toContain(`refusing to follow the symbolic link ${join(root, "data", ".tgcf-server")}`);
      expect(readdirSync(join(root, "elsewhere"))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("--help and --version", () => {
    expect(runCli(["--help"]).stdout.toString()).toContain("--data-dir");
    expect(runCli(["--version"]).stdout.toString()).toMatch(/^tgcf-server \d+\.\d+\.\d+ \(/);
  });

  test("a generated token is printed at every start and kept with mode 0600", async () => {
    const dataDir = tempDir();
    const first = await start(dataDir, { env: { TGCF_SERVER_TOKEN: "" } });
    await waitUntil(() => first.output().includes("token:"), 5_000, "the token line");
    const token = readFileSync(join(dataDir, ".tgcf-server", "token"), "utf8").trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dataDir, ".tgcf-server", "token")).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(`token: ${token}`);
    expect(first.output()).toContain(first.url.replace("127.0.0.1", "127.0.0.1"));
    first.process.kill("SIGTERM");
    await first.process.exited;
    const second = await start(dataDir, { port: first.port, env: { TGCF_SERVER_TOKEN: "" } });
    await waitUntil(() => second.output().includes("token:"), 5_000, "the token line");
    expect(second.output()).toContain(`token: ${token}`);
    expect((await fetch(second.url + "/api/status", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  test("the request log never contains the token", async () => {
    const server = await start(tempDir());
    await server.api("/api/status");
    await fetch(`${server.url}/api/status?access_token=${TEST_TOKEN}`);
    await fetch(server.url + "/api/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TEST_TOKEN }) });
    await waitUntil(() => server.output().includes("POST /api/login"), 5_000, "request log lines");
    expect(server.output()).not.toContain(TEST_TOKEN);
  });
});

describe("shutdown and restarts of the server", () => {
  test("SIGTERM stops tgcf gracefully, closes sockets with 1001 and exits 0; the next start runs tgcf again", async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    await saveRunnableConfig(server);
    const { pid } = await (await server.api("/api/run", { method: "POST" })).json();
    await waitUntil(async () => (await (await server.api("/api/logs?stream=stdout")).json()).lines.length > 0, 10_000, "tgcf output");
    const socket = new RecordingSocket(logSocketUrl(server.url), { authorization: `Bearer ${TEST_TOKEN}` });
    await socket.opened;

    const began = Date.now();
    server.process.kill("SIGTERM");
    expect(await server.process.exited).toBe(0);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect((await socket.closed).code).toBe(1001);
    expect(fakeTgcfProcessesIn(dataDir)).toEqual([]);
    const log = readFileSync(join(dataDir, "instances", "default", "logs", "tgcf.log"), "utf8");
    expect(log).toContain("Aborted."); // SIGINT reached tgcf: it stopped gracefully
    expect(log).toContain(`started pid ${pid}`);

    const next = await start(dataDir, { port: server.port });
    await waitUntil(async () => (await (await next.api("/api/status")).json()).isRunning, 10_000, "tgcf started again");
    expect(fakeTgcfProcessesIn(dataDir)).toHaveLength(1);
  });

  test("with auto-start off, the next start leaves tgcf stopped", async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    await saveRunnableConfig(server);
    await server.api("/api/run", { method: "POST" });
    server.process.kill("SIGTERM");
    await server.process.exited;
    const next = await start(dataDir, { port: server.port, args: ["--auto-start", "false"] });
    await Bun.sleep(500);
    expect((await (await next.api("/api/status")).json()).state).toBe("stopped");
    expect(fakeTgcfProcessesIn(dataDir)).toEqual([]);
  });

  test("after a SIGKILLed server, the next start stops the tgcf it left and never runs two", async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    await saveRunnableConfig(server);
    const { pid: orphan } = await (await server.api("/api/run", { method: "POST" })).json();
    server.process.kill("SIGKILL");
    await server.process.exited;
    expect(fakeTgcfProcessesIn(dataDir)).toEqual([orphan]);

    const next = await start(dataDir, { port: server.port });
    await waitUntil(async () => (await (await next.api("/api/status")).json()).isRunning, 15_000, "tgcf running again");
    const status = await (await next.api("/api/status")).json();
    expect(status.pid).not.toBe(orphan);
    expect(fakeTgcfProcessesIn(dataDir)).toEqual([status.pid]);
    const { lines } = await (await next.api("/api/logs?stream=system")).json();
    expect(lines.map((l: { line: string }) => l.line).join("\n")).toContain(String(orphan));
  });

  test("SIGTERM while the server is still stopping a left-over tgcf at start: it finishes, stops everything, exits 0", async () => {
    const dataDir = tempDir();
    const first = await start(dataDir, { env: { FAKE_TGCF_IGNORE_SIGNALS: "SIGINT", TGCF_SERVER_STOP_GRACE_MS: "3000" } });
    await saveRunnableConfig(first);
    await first.api("/api/run", { method: "POST" });
    first.process.kill("SIGKILL");
    await first.process.exited;
    running.splice(running.indexOf(first), 1);

    // The orphan ignores SIGINT, so the next server spends the 3 s grace period stopping it before it listens.
    const next = Bun.spawn([process.execPath, ENTRY, "--host", "127.0.0.1", "--port", String(first.port), "--data-dir", dataDir], {
      env: { ...process.env, TGCF_SERVER_TOKEN: TEST_TOKEN, TGCF_SERVER_COMMAND: `${process.execPath} ${join(import.meta.dir, "fixtures/fake-tgcf.ts")}`, TGCF_SERVER_STOP_GRACE_MS: "3000", TGCF_SERVER_KILL_AFTER_MS: "500", FAKE_TGCF_IGNORE_SIGNALS: "SIGINT" },
      stdout: "pipe",
      stderr: "pipe",
    });
    await Bun.sleep(800);
    next.kill("SIGTERM");
    expect(await next.exited).toBe(0);
    expect(fakeTgcfProcessesIn(dataDir)).toEqual([]);
  });

  test("a server killed with SIGKILL in the middle of config writes leaves a file that parses", async () => {
    const dataDir = tempDir();
    let port = await freePort();
    for (let round = 0; round < 5; round++) {
      const server = await start(dataDir, { port });
      port = server.port;
      let writes = 0;
      const loop = (async () => {
        for (let i = 0; ; i++) {
          const body = JSON.stringify({ admins: Array.from({ length: 500 + ((i * 37) % 300) }, (_, n) => n), theme: `round-${round}-${i}` });
          const ok = await server
            .api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body })
            .then((r) => r.ok, () => false);
          if (!ok) return;
          writes++;
        }
      })();
      await Bun.sleep(150 + Math.floor(Math.random() * 200));
      server.process.kill("SIGKILL");
      await server.process.exited;
      await loop;
      expect(writes).toBeGreaterThan(0);
      const text = readFileSync(join(dataDir, "instances", "default", "tgcf.config.json"), "utf8");
      const parsed = JSON.parse(text);
      expect(parsed.theme).toStartWith("round-");
      running.splice(running.indexOf(server), 1);
    }
  });
});
