// Every process tgcf starts is stopped with it, also one that left tgcf's process group and session and ignores
// SIGINT and SIGTERM (test/fixtures/escaping-tgcf.ts). In-process servers show the /proc walk and the family tag;
// the server as a real process is also the subreaper of tgcf's orphans, and reaps them.
import { afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { StateFiles } from "../../../src/modules/process/desired-state";
import { FAMILY_TAG_VARIABLE, familyTagOf, TRACK_INTERVAL_MS } from "../../../src/modules/process/family";
import { readProcessStat } from "../../../src/modules/process/process-group";
import { Supervisor } from "../../../src/modules/process/supervisor";
import { RUNNABLE_CONFIG, saveRunnableConfig, startTestServer, waitUntil, type TestServer } from "../../helpers/server";
import { spawnServer, stopServerProcess, type ServerProcess } from "../../helpers/server-process";
import { ESCAPING_TGCF, ESCAPING_TGCF_COMMAND, isDead, killAll, pidsOf, readEscapees } from "./escapees";
import { RecordingOutput, temporaryDirectory } from "./fakes";

/** A few looks of the family's tracking, so that it has seen the bare child before tgcf exits. */
const CRASH_AFTER_MS = 3 * TRACK_INTERVAL_MS;
const LIVENESS_BOUND_MS = 15_000;

const servers: TestServer[] = [];
const serverProcesses: ServerProcess[] = [];
const started = new Set<number>();
const directories: string[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
  for (const server of serverProcesses.splice(0).reverse()) await stopServerProcess(server);
  killAll(started);
  started.clear();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratchDirectory(): string {
  const directory = temporaryDirectory();
  directories.push(directory);
  return directory;
}

const post = (api: (path: string, init?: RequestInit) => Promise<Response>, path: string) => api(path, { method: "POST" });

async function escapingServer(childEnv: Record<string, string> = {}, settings = {}) {
  const pidFile = join(scratchDirectory(), "escapees");
  const server = await startTestServer(
    { tgcfCommand: ESCAPING_TGCF_COMMAND, ...settings },
    { childEnv: { ...process.env, ESCAPING_TGCF_PID_FILE: pidFile, ...childEnv } },
  );
  servers.push(server);
  await saveRunnableConfig(server);
  return { server, pidFile };
}

/** Starts tgcf and returns its pid and the pids of what it started. */
async function runTgcf(api: (path: string, init?: RequestInit) => Promise<Response>, pidFile: string) {
  const response = await post(api, "/api/run");
  expect(response.status).toBe(200);
  const { pid } = await response.json();
  started.add(pid);
  const escapees = await readEscapees(pidFile);
  for (const escapee of pidsOf(escapees)) started.add(escapee);
  return { pid, escapees };
}

describe("with the server in this process", () => {
  test("POST /api/stop answers once tgcf and all it started are gone, processes in other sessions ignoring SIGINT and SIGTERM included", async () => {
    const { server, pidFile } = await escapingServer();
    const { pid, escapees } = await runTgcf(server.api, pidFile);
    const response = await post(server.api, "/api/stop");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ exitCode: 1, signal: null }); // tgcf itself answered SIGINT
    expect(isDead(pid)).toBe(true);
    for (const escapee of pidsOf(escapees)) expect(isDead(escapee)).toBe(true);
  });

  test("server shutdown ends them too", async () => {
    const { server, pidFile } = await escapingServer();
    const { pid, escapees } = await runTgcf(server.api, pidFile);
    await server.stop();
    for (const member of [pid, ...pidsOf(escapees)]) expect(isDead(member)).toBe(true);
  });

  test("a tgcf that exits on its own has what it left stopped, also the child that only tracking linked to it", async () => {
    const { server, pidFile } = await escapingServer({ ESCAPING_TGCF_EXIT_AFTER_MS: String(CRASH_AFTER_MS) }, { autoRestart: false });
    const { escapees } = await runTgcf(server.api, pidFile);
    await waitUntil(async () => (await (await server.api("/api/status")).json()).state === "exited", LIVENESS_BOUND_MS, "tgcf exited");
    for (const escapee of pidsOf(escapees)) expect(isDead(escapee)).toBe(true);
    const { lines } = await (await server.api("/api/logs?stream=system")).json();
    expect(lines.map((line: { line: string }) => line.line).join("\n")).toContain("tgcf exited but left processes");
  }, 30_000);
});

describe("recovery at server start", () => {
  async function leftOver(dataDir: string) {
    const pidFile = join(dataDir, "escapees");
    const argv = [process.execPath, ESCAPING_TGCF, "live", "--loud"];
    const env = { ...process.env, ESCAPING_TGCF_PID_FILE: pidFile, [FAMILY_TAG_VARIABLE]: familyTagOf(dataDir) };
    const tgcf = Bun.spawn(argv, { cwd: dataDir, detached: true, env, stdio: ["ignore", "ignore", "ignore"] });
    started.add(tgcf.pid);
    const escapees = await readEscapees(pidFile);
    for (const escapee of pidsOf(escapees)) started.add(escapee);
    await new StateFiles(dataDir).writeChildRecord({ pid: tgcf.pid, commandLine: argv, startTime: "2026-01-01T00:00:00.000Z", mode: "live" });
    return { tgcf, escapees };
  }

  function supervisorIn(dataDir: string) {
    const output = new RecordingOutput();
    const supervisor = new Supervisor({ dataDir, command: ESCAPING_TGCF_COMMAND, output, stopGraceMs: 300, killAfterMs: 300, autoStartOnBoot: false });
    return { output, supervisor };
  }

  test("stops a tgcf left running and all it started", async () => {
    const dataDir = scratchDirectory();
    const { tgcf, escapees } = await leftOver(dataDir);
    const { output, supervisor } = supervisorIn(dataDir);
    await supervisor.recover();
    for (const member of [tgcf.pid, ...pidsOf(escapees)]) expect(isDead(member)).toBe(true);
    expect(output.systemLines.at(-1)).toBe(`stopped pid ${tgcf.pid}`);
  });

  test("stops what a tgcf of this data dir left in other sessions though tgcf itself is gone, by their tag", async () => {
    const dataDir = scratchDirectory();
    const { tgcf, escapees } = await leftOver(dataDir);
    tgcf.kill("SIGKILL");
    await tgcf.exited;
    const { output, supervisor } = supervisorIn(dataDir);
    await supervisor.recover();
    expect(isDead(escapees.child)).toBe(true);
    expect(isDead(escapees.orphan)).toBe(true);
    // The bare child has no tag, and its parent is gone: nothing is left to tell that tgcf started it.
    expect(output.systemLines.join("\n")).toContain("processes started by an earlier tgcf are still running");
  });
});

describe.if(process.platform === "linux")("with the server as a real process (a subreaper)", () => {
  async function escapingServerProcess(dataDir: string, args: string[] = []) {
    const pidFile = join(dataDir, "escapees");
    const server = await spawnServer(dataDir, { args, env: { TGCF_SERVER_COMMAND: ESCAPING_TGCF_COMMAND, ESCAPING_TGCF_PID_FILE: pidFile } });
    serverProcesses.push(server);
    return { server, pidFile };
  }

  async function saveConfig(server: ServerProcess) {
    const response = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(RUNNABLE_CONFIG) });
    expect(response.status).toBe(200);
  }

  test("POST /api/stop ends all tgcf started, and the server reaps what it adopted: not even a zombie is left for long", async () => {
    const { server, pidFile } = await escapingServerProcess(scratchDirectory());
    await saveConfig(server);
    const { pid, escapees } = await runTgcf(server.api, pidFile);
    expect(readProcessStat(escapees.orphan)?.ppid).toBe(server.process.pid); // adopted, not left to pid 1
    const response = await post(server.api, "/api/stop");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ exitCode: 1, signal: null }); // Bun still got tgcf's own exit status
    for (const member of [pid, ...pidsOf(escapees)]) expect(isDead(member)).toBe(true);
    // Reaped at once, or by the family's tracking once every thread of a zombie is gone.
    await waitUntil(() => [pid, ...pidsOf(escapees)].every((member) => readProcessStat(member) === null), LIVENESS_BOUND_MS, "the zombies reaped");
  });

  test("SIGTERM to the server ends them all before it exits 0", async () => {
    const { server, pidFile } = await escapingServerProcess(scratchDirectory());
    await saveConfig(server);
    const { pid, escapees } = await runTgcf(server.api, pidFile);
    server.process.kill("SIGTERM");
    expect(await server.process.exited).toBe(0);
    for (const member of [pid, ...pidsOf(escapees)]) expect(isDead(member)).toBe(true);
  });

  test("after a SIGKILLed server, the next one stops the tgcf it left and all that tgcf started", async () => {
    const dataDir = scratchDirectory();
    const { server, pidFile } = await escapingServerProcess(dataDir);
    await saveConfig(server);
    const { pid, escapees } = await runTgcf(server.api, pidFile);
    server.process.kill("SIGKILL");
    await server.process.exited;
    expect([pid, ...pidsOf(escapees)].some(isDead)).toBe(false); // all outlived their server
    const { server: next } = await escapingServerProcess(dataDir, ["--auto-start", "false"]);
    const systemLines = async () => ((await (await next.api("/api/logs?stream=system")).json()).lines as { line: string }[]).map(({ line }) => line);
    await waitUntil(async () => (await systemLines()).includes(`stopped pid ${pid}`), LIVENESS_BOUND_MS, "the left-over tgcf stopped");
    for (const member of [pid, ...pidsOf(escapees)]) expect(isDead(member)).toBe(true);
  }, 30_000);
});
