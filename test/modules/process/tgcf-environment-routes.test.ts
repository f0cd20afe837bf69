// What tgcf gets from the server besides its config, with real child processes: its environment, its umask, and the
// refusal of a .env that would make it ignore tgcf.config.json.
import { afterEach, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveRunnableConfig, startTestServer, tempDir, waitUntil, type TestServer } from "../../helpers/server";
import { WEB_PASSWORD_NOTE } from "../../../src/modules/process/web-password-note";

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function serverWith(childEnv: Record<string, string> = {}, settings = {}) {
  const server = await startTestServer(settings, { childEnv: { ...process.env, ...childEnv } });
  servers.push(server);
  return server;
}

const run = (server: TestServer, body: unknown = {}) => server.api("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const systemLines = async (server: TestServer) => ((await (await server.api("/api/logs?stream=system")).json()).lines as Array<{ line: string }>).map((line) => line.line);

test("MONGO_* variables of the server's environment never reach tgcf, and the files tgcf creates are 0600", async () => {
  const dataDir = tempDir();
  // The fake writes its report from inside tgcf's process, in the data dir: its mode shows tgcf's umask.
  const reportPath = join(dataDir, "child-report.json");
  const server = await serverWith({ MONGO_CON_STR: "mongodb://db:27017", MONGO_DB_NAME: "x", KEEP_ME: "yes", FAKE_TGCF_REPORT: reportPath }, { dataDir });
  await saveRunnableConfig(server);
  expect((await run(server)).status).toBe(200);
  await waitUntil(() => existsSync(reportPath), 10_000, "the child's report");
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  expect(report.env.KEEP_ME).toBe("yes");
  expect(Object.keys(report.env).filter((name) => name.startsWith("MONGO_"))).toEqual([]);
  expect(statSync(reportPath).mode & 0o777).toBe(0o600);
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a .env in the data dir that sets MONGO_CON_STR refuses the start with what to do", async () => {
  const server = await serverWith();
  await saveRunnableConfig(server);
  writeFileSync(join(server.dataDir, ".env"), "# set by hand\nexport MONGO_CON_STR='mongodb://db:27017'\n");
  const response = await run(server);
  expect(response.status).toBe(422);
  const body = await response.json();
  expect(body.error).toMatch(/MongoDB and ignore tgcf.config.json/);
  expect(body.details[0]).toMatchObject({ path: ".env" });
  expect((await (await server.api("/api/status")).json()).state).toBe("stopped");
});

test("restart applies the mode saved in the config; status shows the saved mode beside the running one", async () => {
  const server = await serverWith({ FAKE_TGCF_PAST_MS: "60000" });
  await saveRunnableConfig(server, { login: { API_ID: 1, API_HASH: "h", user_type: 1, SESSION_STRING: "1Bsession" } });
  expect((await run(server, { mode: "live" })).status).toBe(200);
  await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: 1 }) });
  expect(await (await server.api("/api/status")).json()).toMatchObject({ mode: "live", savedMode: "past" });
  expect((await server.api("/api/restart", { method: "POST" })).status).toBe(200);
  expect(await (await server.api("/api/status")).json()).toMatchObject({ mode: "past", savedMode: "past", state: "running" });
});

test("tgcf's warning about its web password is kept, with a note once per run that it does not apply", async () => {
  const server = await serverWith({}, { tgcfCommand: `/bin/sh ${join(import.meta.dir, "../../fixtures/web-password-tgcf.sh")}` });
  await saveRunnableConfig(server);
  expect((await run(server)).status).toBe(200);
  await waitUntil(async () => (await systemLines(server)).includes(WEB_PASSWORD_NOTE), 10_000, "the note");
  const { lines } = await (await server.api("/api/logs?stream=stdout")).json();
  expect(lines.map((line: { line: string }) => line.line).join("\n")).toContain("You have not set a password to");
  expect((await systemLines(server)).filter((line) => line === WEB_PASSWORD_NOTE)).toHaveLength(1);
});
