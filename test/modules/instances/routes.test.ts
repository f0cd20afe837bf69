// Several tgcf instances in one server: the instance API, per-instance routes, the same-login guard, deletion.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RUNNABLE_CONFIG, startTestServer, waitUntil, type TestServer } from "../../helpers/server";
import { fakeTgcfProcessesOf } from "../../helpers/server-process";

/** A runnable config of its own for each instance: two instances must not share a bot token. */
function configFor(id: string) {
  return { ...RUNNABLE_CONFIG, login: { ...RUNNABLE_CONFIG.login, BOT_TOKEN: `123456:bot-token-of-${id}` }, forwards: [{ ...RUNNABLE_CONFIG.forwards[0], con_name: `connection-of-${id}` }] };
}

async function json(response: Response) {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

async function create(server: TestServer, body: Record<string, unknown>) {
  return server.api("/api/instances", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function saveConfig(server: TestServer, id: string, config: unknown = configFor(id)) {
  const response = await server.api(`/api/instances/${id}/config`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(config) });
  expect(response.status).toBe(200);
}

async function statusOf(server: TestServer, id: string) {
  return json(await server.api(`/api/instances/${id}/status`));
}

async function run(server: TestServer, id: string) {
  const response = await server.api(`/api/instances/${id}/run`, { method: "POST" });
  return { status: response.status, body: await json(response) };
}

async function stop(server: TestServer, id: string) {
  expect((await server.api(`/api/instances/${id}/stop`, { method: "POST" })).status).toBe(200);
}

describe("the instance API", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ maxInstances: 3 });
  });
  afterAll(() => server.stop());

  test("a new server has the instance default, in instances/default", async () => {
    const { instances } = await json(await server.api("/api/instances"));
    expect(instances.map((instance: { id: string }) => instance.id)).toEqual(["default"]);
    expect(instances[0]).toMatchObject({ id: "default", name: "default", state: "stopped", pid: null, cpuPercent: null, rssBytes: null });
    expect(server.dataDir).toBe(join(server.rootDir, "instances", "default"));
  });

  test("create: 201 with the instance; a bad id 422; a taken id 409; beyond --max-instances 409", async () => {
    const created = await create(server, { id: "alpha", name: "Alpha bot" });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id: "alpha", name: "Alpha bot", state: "stopped", account: { type: "bot", name: null } });
    expect(existsSync(join(server.rootDir, "instances", "alpha"))).toBe(true);
    for (const id of ["Alpha", "-a", "a_b", "", "x".repeat(33), "../etc"]) expect((await create(server, { id })).status).toBe(422);
    expect((await create(server, { id: "alpha" })).status).toBe(409);
    expect((await create(server, { id: "beta" })).status).toBe(201);
    const full = await create(server, { id: "gamma" });
    expect(full.status).toBe(409);
    expect((await json(full)).error).toContain("at most 3 instances");
  });

  test("unknown ids answer 404 on every per-instance route", async () => {
    for (const path of ["/api/instances/nope/config", "/api/instances/nope/status", "/api/instances/nope/logs", "/api/instances/nope/activity"]) {
      const response = await server.api(path);
      expect(response.status).toBe(404);
      expect((await json(response)).error).toContain('no instance "nope"');
    }
    expect((await server.api("/api/instances/nope", { method: "PATCH", headers: { "content-type": "application/json" }, body: '{"name":"x"}' })).status).toBe(404);
  });

  test("rename changes the display name and keeps it across a restart of the instance list", async () => {
    const response = await server.api("/api/instances/beta", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Beta relay" }) });
    expect(response.status).toBe(200);
    expect((await json(response)).name).toBe("Beta relay");
    const file = JSON.parse(readFileSync(join(server.rootDir, "instances", "beta", ".tgcf-server", "instance.json"), "utf8"));
    expect(file.name).toBe("Beta relay");
  });

  test("copyFrom copies the config without its logins and without session files", async () => {
    await saveConfig(server, "alpha", { ...configFor("alpha"), login: { ...configFor("alpha").login, user_type: 1, SESSION_STRING: "1SECRET-session", USERNAME: "alpha_user" }, plugins: { sender: { check: true, user_type: 0, BOT_TOKEN: "999:sender-secret" } } });
    writeFileSync(join(server.rootDir, "instances", "alpha", "tgcf.session"), "session file");
    expect((await server.api("/api/instances/beta", { method: "DELETE" })).status).toBe(200);
    const copied = await create(server, { id: "copy", copyFrom: "alpha" });
    expect(copied.status).toBe(201);
    const dir = join(server.rootDir, "instances", "copy");
    const text = readFileSync(join(dir, "tgcf.config.json"), "utf8");
    for (const secret of ["1SECRET-session", "999:sender-secret", "bot-token-of-alpha", RUNNABLE_CONFIG.login.API_HASH]) expect(text).not.toContain(secret);
    expect(JSON.parse(text).forwards[0].con_name).toBe("connection-of-alpha");
    expect(readdirSync(dir).filter((name) => name.endsWith(".session"))).toEqual([]);
    // The account says what the login is, never a secret.
    const { instances } = await json(await server.api("/api/instances"));
    expect(instances.find((instance: { id: string }) => instance.id === "alpha").account).toEqual({ type: "user", name: "alpha_user" });
    expect(JSON.stringify(instances)).not.toContain("1SECRET");
  });
});

describe("several instances at once", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test("two, then five instances run at once, each in its own dir with its own config, logs, socket and status", async () => {
    const ids = ["one", "two", "three", "four", "five"];
    for (const id of ids) {
      expect((await create(server, { id })).status).toBe(201);
      await saveConfig(server, id);
    }
    const sockets = new Map<string, Array<Record<string, unknown>>>();
    const opened: WebSocket[] = [];
    for (const id of ids) {
      const messages: Array<Record<string, unknown>> = [];
      sockets.set(id, messages);
      const socket = new WebSocket(`${server.url.replace("http", "ws")}/ws/instances/${id}/logs`, { headers: { authorization: `Bearer ${server.handle.token.token}` } } as never);
      socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)));
      await new Promise((resolve) => (socket.onopen = resolve));
      opened.push(socket);
    }
    const pids = new Map<string, number>();
    for (const [round, group] of [ids.slice(0, 2), ids.slice(2)].entries()) {
      for (const id of group) {
        const started = await run(server, id);
        expect(started.status).toBe(200);
        pids.set(id, started.body.pid);
      }
      const running = round === 0 ? ids.slice(0, 2) : ids;
      for (const id of running) await waitUntil(async () => (await statusOf(server, id)).state === "running", 10_000, `${id} running`);
      for (const id of running) expect(fakeTgcfProcessesOf(server.rootDir, id)).toEqual([pids.get(id)!]);
    }
    for (const id of ids) {
      const status = await statusOf(server, id);
      expect(status.pid).toBe(pids.get(id));
      const { lines } = await json(await server.api(`/api/instances/${id}/logs?tail=1000`));
      const text = lines.map((line: { line: string }) => line.line).join("\n");
      expect(text).toContain(`started pid ${pids.get(id)}`);
      for (const other of ids) if (other !== id) expect(text).not.toContain(`started pid ${pids.get(other)} `);
      const messages = sockets.get(id)!;
      await waitUntil(() => messages.some((message) => message.type === "log" && String(message.line).includes(`started pid ${pids.get(id)}`)), 5_000, `${id}'s socket`);
      expect(messages.every((message) => message.type === "heartbeat" || message.instance === id)).toBe(true);
      const config = JSON.parse(readFileSync(join(server.rootDir, "instances", id, "tgcf.config.json"), "utf8"));
      expect(config.forwards[0].con_name).toBe(`connection-of-${id}`);
    }
    // The seed's routes act on default, which was never started.
    expect((await json(await server.api("/api/status"))).state).toBe("stopped");
    for (const socket of opened) socket.close();
    await Promise.all(ids.map((id) => stop(server, id)));
  }, 60_000);

  test("WS /ws/logs?instances=a,b merges both instances' lines in time order, each naming its instance; since resumes per instance", async () => {
    const ids = ["one", "two"];
    const lastSeq = async (id: string) => (await json(await server.api(`/api/instances/${id}/logs?tail=1`))).lastSeq as number;
    const since = `one:${await lastSeq("one")},two:${await lastSeq("two")}`;
    for (const id of ids) expect((await run(server, id)).status).toBe(200);
    const messages: Array<Record<string, unknown>> = [];
    const socket = new WebSocket(`${server.url.replace("http", "ws")}/ws/logs?instances=one,two&since=${since}`, { headers: { authorization: `Bearer ${server.handle.token.token}` } } as never);
    socket.onmessage = (event) => messages.push(JSON.parse(String(event.data)));
    await waitUntil(() => ids.every((id) => messages.some((message) => message.type === "log" && message.instance === id && String(message.line).startsWith("started pid"))), 10_000, "both instances' lines");
    const logs = messages.filter((message) => message.type === "log");
    expect(new Set(logs.map((message) => message.instance))).toEqual(new Set(ids));
    const backlog = logs.slice(0, logs.findIndex((message, index) => index > 0 && String(message.ts) < String(logs[index - 1]!.ts)) >>> 0);
    expect(backlog.map((message) => message.ts)).toEqual([...backlog.map((message) => message.ts)].sort());
    socket.close();
    await Promise.all(ids.map((id) => stop(server, id)));
  }, 30_000);

  test("two instances with the same bot token never run at once: the second start answers 409 naming the first", async () => {
    expect((await create(server, { id: "twin" })).status).toBe(201);
    await saveConfig(server, "twin", configFor("one"));
    expect((await run(server, "one")).status).toBe(200);
    const refused = await run(server, "twin");
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('instance "one" runs with the same bot token');
    expect(JSON.stringify(refused.body)).not.toContain("bot-token-of-one");
    expect((await statusOf(server, "twin")).state).toBe("stopped");
    await stop(server, "one");
    expect((await run(server, "twin")).status).toBe(200);
    expect((await run(server, "one")).status).toBe(409);
    await stop(server, "twin");
  }, 30_000);

  test("deleting a running instance is refused; a stopped one's folder moves to the trash, ?purge=true deletes it", async () => {
    expect((await run(server, "five")).status).toBe(200);
    const refused = await server.api("/api/instances/five", { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toContain("stop it first");
    await stop(server, "five");
    const deleted = await json(await server.api("/api/instances/five", { method: "DELETE" }));
    expect(deleted.trashedTo).toStartWith(join(server.rootDir, "trash", "five-"));
    expect(existsSync(join(deleted.trashedTo, "tgcf.config.json"))).toBe(true);
    expect(existsSync(join(server.rootDir, "instances", "five"))).toBe(false);
    expect((await server.api("/api/instances/five/status")).status).toBe(404);
    expect((await json(await server.api("/api/instances/four", { method: "DELETE", headers: {} }))).trashedTo).not.toBeNull();
    expect((await json(await server.api("/api/instances/three?purge=true", { method: "DELETE" }))).trashedTo).toBeNull();
    expect(existsSync(join(server.rootDir, "instances", "three"))).toBe(false);
    expect((await server.api("/api/instances/default", { method: "DELETE" })).status).toBe(409);
  }, 30_000);
});
