// Several instances with the server as a real process: desired states across restarts, shutdown of ten, a SIGKILLed
// server, and the move of a single-instance data dir into instances/default (also when a SIGKILL interrupts it).
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RUNNABLE_CONFIG, tempDir, waitUntil } from "./helpers/server";
import { ENTRY, fakeTgcfProcessesIn, fakeTgcfProcessesOf, freePort, spawnServer, stopServerProcess, type ServerProcess } from "./helpers/server-process";
import { MIGRATION_JOURNAL_FILE, MIGRATION_KILL_AFTER_ENV } from "../src/modules/instances/migrate";

const running: ServerProcess[] = [];
const dataDirs: string[] = [];
afterEach(async () => {
  for (const server of running.splice(0).reverse()) await stopServerProcess(server);
});
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = tempDir();
  dataDirs.push(dir);
  return dir;
}

async function start(dataDir: string, options: Parameters<typeof spawnServer>[1] = {}) {
  const server = await spawnServer(dataDir, options);
  running.push(server);
  return server;
}

const post = (server: ServerProcess, path: string, body?: unknown) =>
  server.api(path, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

/** Creates the instance (unless default) with a config whose bot token is its own. */
async function prepare(server: ServerProcess, id: string) {
  if (id !== "default") expect((await post(server, "/api/instances", { id })).status).toBe(201);
  const config = { ...RUNNABLE_CONFIG, login: { ...RUNNABLE_CONFIG.login, BOT_TOKEN: `123456:token-of-${id}` } };
  const saved = await server.api(`/api/instances/${id}/config`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(config) });
  expect(saved.status).toBe(200);
}

async function stateOf(server: ServerProcess, id: string): Promise<string> {
  return (await (await server.api(`/api/instances/${id}/status`)).json()).state;
}

async function stopBySigterm(server: ServerProcess): Promise<number> {
  const began = Date.now();
  server.process.kill("SIGTERM");
  await server.process.exited;
  return Date.now() - began;
}

describe("supervision of several instances", () => {
  test("a server restart restores each instance's desired state", async () => {
    const dataDir = newDataDir();
    const server = await start(dataDir);
    for (const id of ["default", "a", "b"]) await prepare(server, id);
    expect((await post(server, "/api/run")).status).toBe(200);
    expect((await post(server, "/api/instances/a/run")).status).toBe(200);
    expect(await stopBySigterm(server)).toBeLessThan(10_000);
    expect(fakeTgcfProcessesIn(dataDir)).toEqual([]);

    const next = await start(dataDir, { port: server.port });
    for (const id of ["default", "a"]) await waitUntil(async () => (await stateOf(next, id)) === "running", 15_000, `${id} running again`);
    expect(await stateOf(next, "b")).toBe("stopped");
    expect(fakeTgcfProcessesOf(dataDir, "default")).toHaveLength(1);
    expect(fakeTgcfProcessesOf(dataDir, "a")).toHaveLength(1);
    expect(fakeTgcfProcessesOf(dataDir, "b")).toEqual([]);
  }, 60_000);

  test("shutdown stops ten running instances within Docker's 10 s", async () => {
    const dataDir = newDataDir();
    const server = await start(dataDir);
    const ids = ["default", ...Array.from({ length: 9 }, (_, index) => `i${index}`)];
    for (const id of ids) await prepare(server, id);
    for (const id of ids) expect((await post(server, `/api/instances/${id}/run`)).status).toBe(200);
    for (const id of ids) await waitUntil(async () => (await stateOf(server, id)) === "running", 15_000, `${id} running`);
    expect(fakeTgcfProcessesIn(dataDir)).toHaveLength(10);
    const took = await stopBySigterm(server);
    expect(server.process.exitCode).toBe(0);
    expect(took).toBeLessThan(10_000);
    expect(fakeTgcfProcessesIn(dataDir)).toEqual([]);
  }, 90_000);

  test("after a SIGKILLed server, the next start leaves exactly one tgcf per instance", async () => {
    const dataDir = newDataDir();
    const server = await start(dataDir);
    const ids = ["default", "a", "b"];
    for (const id of ids) await prepare(server, id);
    const orphans: number[] = [];
    for (const id of ids) orphans.push((await (await post(server, `/api/instances/${id}/run`)).json()).pid);
    server.process.kill("SIGKILL");
    await server.process.exited;
    expect(fakeTgcfProcessesIn(dataDir).sort()).toEqual([...orphans].sort());

    const next = await start(dataDir, { port: server.port });
    for (const id of ids) await waitUntil(async () => (await stateOf(next, id)) === "running", 15_000, `${id} running again`);
    for (const [index, id] of ids.entries()) {
      const pids = fakeTgcfProcessesOf(dataDir, id);
      expect(pids).toHaveLength(1);
      expect(pids[0]).not.toBe(orphans[index]);
    }
    expect(fakeTgcfProcessesIn(dataDir)).toHaveLength(3);
  }, 60_000);
});

interface OldLayout {
  cookie: string;
  token: string;
  backupIds: string[];
  lines: Array<{ seq: number; line: string }>;
}

/**
 * A data dir in the single-instance layout, with real files from a real server: config, backups and their records,
 * logs with seqs, token, sessions, desired state "running", a tgcf *.session file and a managed tgcf venv. Made by
 * running a server, then taking the steps of README's way back to the previous version.
 */
async function buildOldLayout(dataDir: string): Promise<OldLayout> {
  const server = await start(dataDir, { env: { TGCF_SERVER_TOKEN: "" } });
  const token = readFileSync(join(dataDir, ".tgcf-server", "token"), "utf8").trim();
  const login = await fetch(server.url + "/api/login", { method: "POST", headers: { "content-type": "application/json", origin: server.url }, body: JSON.stringify({ token }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const auth = { authorization: `Bearer ${token}` };
  for (const name of ["first", "second"]) {
    const config = { ...RUNNABLE_CONFIG, forwards: [{ ...RUNNABLE_CONFIG.forwards[0], con_name: name }] };
    const saved = await server.api("/api/config", { method: "PATCH", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(config) });
    expect(saved.status).toBe(200);
  }
  expect((await server.api("/api/run", { method: "POST", headers: auth })).status).toBe(200);
  await waitUntil(async () => (await (await server.api("/api/status", { headers: auth })).json()).state === "running", 10_000, "tgcf running");
  await stopBySigterm(server);
  running.splice(running.indexOf(server), 1);
  const backupIds = readdirSync(join(dataDir, "instances", "default", "backups")).map((name) => name.replace(/\.json$/, "")).sort();
  const logText = readFileSync(join(dataDir, "instances", "default", "logs", "tgcf.log"), "utf8");
  const lines = logText.trim().split("\n").map((record) => {
    const [, seq, , ...rest] = record.split(" ");
    return { seq: Number(seq), line: rest.join(" ") };
  });

  // README "Going back to the previous version", step by step.
  const instance = join(dataDir, "instances", "default");
  for (const name of readdirSync(join(instance, ".tgcf-server"))) {
    if (name !== "instance.json") renameSync(join(instance, ".tgcf-server", name), join(dataDir, ".tgcf-server", name));
  }
  rmSync(join(instance, ".tgcf-server"), { recursive: true });
  for (const name of readdirSync(instance)) renameSync(join(instance, name), join(dataDir, name));
  rmSync(join(dataDir, "instances"), { recursive: true });
  writeFileSync(join(dataDir, "bot.session"), "tgcf's session");
  mkdirSync(join(dataDir, ".tgcf-server", "tgcf-venv", "bin"), { recursive: true });
  writeFileSync(join(dataDir, ".tgcf-server", "tgcf-venv", "bin", "tgcf"), "#!/abs/path/.tgcf-server/tgcf-venv/bin/python\n");
  expect(JSON.parse(readFileSync(join(dataDir, ".tgcf-server", "desired-state.json"), "utf8")).state).toBe("running");
  return { cookie, token, backupIds, lines: lines.filter((line) => line.seq > 0) };
}

/** Everything of the old layout is where the new one keeps it, and the server serves it. */
async function expectMigrated(dataDir: string, old: OldLayout) {
  const server = await start(dataDir, { env: { TGCF_SERVER_TOKEN: "" }, args: ["--auto-start", "false"] });
  const instance = join(dataDir, "instances", "default");
  expect(readdirSync(dataDir).sort()).toEqual([".tgcf-server", "instances"]);
  expect(readdirSync(join(dataDir, ".tgcf-server")).sort()).toEqual(["sessions.json", "tgcf-venv", "token"]);
  expect(readFileSync(join(dataDir, ".tgcf-server", "tgcf-venv", "bin", "tgcf"), "utf8")).toContain("/abs/path/.tgcf-server/tgcf-venv");
  expect(readFileSync(join(instance, "bot.session"), "utf8")).toBe("tgcf's session");
  expect(JSON.parse(readFileSync(join(instance, ".tgcf-server", "desired-state.json"), "utf8")).state).toBe("running");
  // The token and the browser session still work.
  expect((await fetch(server.url + "/api/status", { headers: { authorization: `Bearer ${old.token}` } })).status).toBe(200);
  expect((await fetch(server.url + "/api/status", { headers: { cookie: old.cookie } })).status).toBe(200);
  const auth = { authorization: `Bearer ${old.token}` };
  const config = await (await server.api("/api/config", { headers: auth })).json();
  expect(config.forwards[0].con_name).toBe("second");
  const backups = await (await server.api("/api/config/backups", { headers: auth })).json();
  expect(backups.map((backup: { id: string }) => backup.id).sort()).toEqual(old.backupIds);
  expect(backups.some((backup: { source: string; by?: string }) => backup.source === "server" && backup.by === "API token")).toBe(true);
  const logs = await (await server.api("/api/logs?tail=10000", { headers: auth })).json();
  for (const { seq } of old.lines) expect(logs.lines.some((line: { seq: number }) => line.seq === seq)).toBe(true);
  const lastOldSeq = Math.max(...old.lines.map((line) => line.seq));
  expect(logs.lastSeq).toBeGreaterThanOrEqual(lastOldSeq);
  // New lines continue the old numbering.
  expect((await server.api("/api/run", { method: "POST", headers: auth })).status).toBe(200);
  const after = await (await server.api(`/api/logs?since=${lastOldSeq}`, { headers: auth })).json();
  expect(after.lines.length).toBeGreaterThan(0);
  expect(after.lines[0].seq).toBeGreaterThan(lastOldSeq);
  expect(after.gap).toBeNull();
}

describe("moving a single-instance data dir into instances/default", () => {
  test("nothing is lost: token, sessions, config, backups and their records, logs and their seqs, desired state, *.session, the venv", async () => {
    const dataDir = newDataDir();
    const old = await buildOldLayout(dataDir);
    await expectMigrated(dataDir, old);
  }, 60_000);

  test("a migration killed halfway is finished by the next start", async () => {
    const dataDir = newDataDir();
    const old = await buildOldLayout(dataDir);
    const killed = Bun.spawn([process.execPath, ENTRY, "--host", "127.0.0.1", "--port", String(await freePort()), "--data-dir", dataDir], {
      env: { ...process.env, TGCF_SERVER_TOKEN: "", [MIGRATION_KILL_AFTER_ENV]: "3" },
      stdout: "ignore",
      stderr: "ignore",
    });
    await killed.exited;
    expect(killed.signalCode).toBe("SIGKILL");
    expect(existsSync(join(dataDir, ".tgcf-server", MIGRATION_JOURNAL_FILE))).toBe(true);
    // Halfway: some of tgcf's files moved, some not yet.
    expect(existsSync(join(dataDir, "instances", "default"))).toBe(true);
    expect(readdirSync(dataDir).length).toBeGreaterThan(2);
    await expectMigrated(dataDir, old);
    expect(existsSync(join(dataDir, ".tgcf-server", MIGRATION_JOURNAL_FILE))).toBe(false);
  }, 60_000);
});
