// Run, stop, restart and status over HTTP with real child processes (the fake tgcf).
import { afterEach, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { isProcessAlive, saveRunnableConfig, startTestServer, waitUntil, type TestServer } from "../../helpers/server";

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function serverWith(childEnv: Record<string, string> = {}, settings = {}) {
  const server = await startTestServer(settings, { childEnv: { ...process.env, ...childEnv } });
  servers.push(server);
  return server;
}

const post = (server: TestServer, path: string, body?: unknown) =>
  server.api(path, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const status = async (server: TestServer) => (await server.api("/api/status")).json();

describe("lifecycle", () => {
  test("run, status, restart, stop, with the seed's answers", async () => {
    const server = await serverWith();
    await saveRunnableConfig(server);
    const run = await post(server, "/api/run", { mode: "live" });
    expect(run.status).toBe(200);
    const started = await run.json();
    expect(started).toEqual({ status: "TGCF process started", pid: expect.any(Number) });

    const running = await status(server);
    expect(running).toMatchObject({ isRunning: true, pid: started.pid, mode: "live", state: "running", restarts: 0, lastExit: null });
    expect(new Date(running.startTime).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(typeof running.uptimeSeconds).toBe("number");
    expect(isProcessAlive(started.pid)).toBe(true);

    const again = await post(server, "/api/run");
    expect(again.status).toBe(409);
    expect((await again.json()).error).toContain("already running");

    const restart = await post(server, "/api/restart");
    expect(restart.status).toBe(200);
    const restarted = await restart.json();
    expect(restarted.pid).not.toBe(started.pid);
    expect(isProcessAlive(started.pid)).toBe(false);

    const stop = await post(server, "/api/stop");
    expect(stop.status).toBe(200);
    expect(await stop.json()).toMatchObject({ status: "TGCF process stopped" });
    expect(isProcessAlive(restarted.pid)).toBe(false);
    expect(await status(server)).toMatchObject({ isRunning: false, pid: null, state: "stopped" });

    const stopAgain = await post(server, "/api/stop");
    expect(stopAgain.status).toBe(409);
    expect((await stopAgain.json()).error).toContain("not running");
  });

  test("the mode defaults to the config's mode", async () => {
    const server = await serverWith({ FAKE_TGCF_PAST_MS: "60000" });
    await saveRunnableConfig(server, { mode: 1, login: { API_ID: 1, API_HASH: "h", user_type: 1, SESSION_STRING: "1Bsession" } });
    expect((await post(server, "/api/run")).status).toBe(200);
    expect((await status(server)).mode).toBe("past");
  });

  test("the system log lines say what the server did and who asked", async () => {
    const server = await serverWith();
    await saveRunnableConfig(server);
    const { pid } = await (await post(server, "/api/run")).json();
    await post(server, "/api/stop");
    const { lines } = await (await server.api("/api/logs?stream=system")).json();
    const text = lines.map((line: { line: string }) => line.line).join("\n");
    expect(text).toContain(`started pid ${pid} in live mode`);
    expect(text).toContain("API token");
    expect(text).toMatch(/stop/i);
  });
});

describe("refusals", () => {
  test.each([
    ["no login at all", {}, /API ID.*and 2 more/i],
    ["a bot without a bot token", { login: { API_ID: 1, API_HASH: "h", user_type: 0, BOT_TOKEN: "" } }, /bot: enter its token/i],
    ["a user without a session string", { login: { API_ID: 1, API_HASH: "h", user_type: 1, SESSION_STRING: "" } }, /session string/i],
    ["an enabled connection without a destination", { forwards: [{ source: 1, dest: [] }] }, /no destination/i],
  ])("422 with a readable reason: %s", async (_name, change, message) => {
    const server = await serverWith();
    if (Object.keys(change).length > 0) await saveRunnableConfig(server, change);
    const response = await post(server, "/api/run");
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatch(message);
    expect((await status(server)).state).toBe("stopped");
  });

  test("422 for past mode with a bot account", async () => {
    const server = await serverWith();
    await saveRunnableConfig(server);
    const response = await post(server, "/api/run", { mode: "past" });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatch(/past mode needs a user account/);
  });

  test("422 when the config file is damaged", async () => {
    const server = await serverWith();
    writeFileSync(join(server.dataDir, "tgcf.config.json"), "{ not json");
    const response = await post(server, "/api/run");
    expect(response.status).toBe(422);
    expect((await response.json()).error).toContain("not valid");
  });

  test("500 with install advice when the tgcf command does not exist", async () => {
    const server = await serverWith({}, { tgcfCommand: "definitely-not-tgcf-here" });
    await saveRunnableConfig(server);
    const response = await post(server, "/api/run");
    expect(response.status).toBe(500);
    expect((await response.json()).error).toBe("tgcf not found: install it (pip install tgcf) or set TGCF_SERVER_COMMAND");
  });

  test("a bad mode is refused", async () => {
    const server = await serverWith();
    const response = await post(server, "/api/run", { mode: "sideways" });
    expect(response.status).toBe(422);
  });
});

describe("concurrency", () => {
  test("50 simultaneous runs start exactly one child", async () => {
    const server = await serverWith({ FAKE_TGCF_REPORT: "" });
    await saveRunnableConfig(server);
    const responses = await Promise.all(Array.from({ length: 50 }, () => post(server, "/api/run")));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const pids = new Set((await Promise.all(responses.filter((r) => r.status === 200).map((r) => r.json()))).map((b) => b.pid));
    expect(pids.size).toBe(1);
  });

  test("run while stopping answers 409; stop while starting stops it", async () => {
    const server = await serverWith({ FAKE_TGCF_IGNORE_SIGNALS: "SIGINT" }, { stopGraceMs: 1_500 });
    await saveRunnableConfig(server);
    const { pid } = await (await post(server, "/api/run")).json();
    await waitUntil(async () => (await (await server.api("/api/logs?stream=stdout")).json()).lines.length > 0, 10_000, "first output");
    const stopping = post(server, "/api/stop");
    await waitUntil(async () => (await status(server)).state === "stopping", 5_000, "stopping");
    const run = await post(server, "/api/run");
    expect(run.status).toBe(409);
    expect((await run.json()).error).toMatch(/stopping/);
    expect((await stopping).status).toBe(200);
    expect(isProcessAlive(pid)).toBe(false);

    const [started, stopped] = await Promise.all([post(server, "/api/run"), post(server, "/api/stop")]);
    expect(started.status).toBe(200);
    expect(stopped.status).toBe(200);
    expect(isProcessAlive((await started.json()).pid)).toBe(false);
    expect((await status(server)).isRunning).toBe(false);
  });
});

describe("supervision", () => {
  test("a crash is restarted with backoff; the socket-visible status counts restarts", async () => {
    const server = await serverWith({ FAKE_TGCF_EXIT_AFTER_MS: "300", FAKE_TGCF_EXIT_CODE: "1" });
    await saveRunnableConfig(server);
    const first = (await (await post(server, "/api/run")).json()).pid;
    await waitUntil(async () => (await status(server)).state === "backoff", 10_000, "backoff");
    const backoff = await status(server);
    expect(backoff.lastExit).toMatchObject({ code: 1 });
    await waitUntil(async () => (await status(server)).restarts >= 1 && (await status(server)).pid !== first, 10_000, "restart");
    const { lines } = await (await server.api("/api/logs?stream=system")).json();
    expect(lines.map((l: { line: string }) => l.line).join("\n")).toMatch(/restarting in 2 s/);
  });

  test("a past run that exits 0 has finished: exited, not restarted", async () => {
    const server = await serverWith({ FAKE_TGCF_PAST_MS: "200" });
    await saveRunnableConfig(server, { login: { API_ID: 1, API_HASH: "h", user_type: 1, SESSION_STRING: "1Bsession" } });
    await post(server, "/api/run", { mode: "past" });
    await waitUntil(async () => (await status(server)).state === "exited", 10_000, "exited");
    await Bun.sleep(2_500);
    expect(await status(server)).toMatchObject({ state: "exited", isRunning: false, restarts: 0, lastExit: { code: 0 } });
  });
});
