// Moving connections to a new instance (how connections get plugins of their own): both configs change or neither.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RUNNABLE_CONFIG, startTestServer, waitUntil, type TestServer } from "../../helpers/server";

const CONNECTIONS = [
  { con_name: "news", use_this: true, source: -1001, dest: [-1002], offset: 41, end: null },
  { con_name: "memes", use_this: true, source: "@memes", dest: [-1004], offset: 7, end: 900 },
  { con_name: "family", use_this: true, source: -1005, dest: [-1006], offset: 0, end: null },
];
const PLUGINS = { filter: { check: true, text: { blacklist: ["spam"] } }, caption: { check: true, header: "via relay" } };

async function json(response: Response) {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function move(server: TestServer, from: string, body: unknown) {
  return server.api(`/api/instances/${from}/move-connections`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

const configOf = (server: TestServer, id: string) => JSON.parse(readFileSync(join(server.rootDir, "instances", id, "tgcf.config.json"), "utf8"));
const instanceIds = async (server: TestServer) => (await json(await server.api("/api/instances"))).instances.map((instance: { id: string }) => instance.id);

describe("moving connections to a new instance", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ maxInstances: 5 });
    const saved = await server.api("/api/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...RUNNABLE_CONFIG, forwards: CONNECTIONS, plugins: PLUGINS }),
    });
    expect(saved.status).toBe(200);
    writeFileSync(join(server.dataDir, "user.session"), "a Telethon session of default");
  });
  afterAll(() => server.stop());

  test("the chosen connections and a copy of the plugins go to the new instance, without logins or session files; the old one keeps the rest", async () => {
    const response = await move(server, "default", {
      connections: [
        { index: 2, source: -1005 },
        { index: 1, source: "@memes" },
      ],
      to: { id: "relay-2", name: "Second relay" },
    });
    expect(response.status).toBe(201);
    const answer = await json(response);
    expect(answer).toMatchObject({ moved: 2, restartNeeded: false, instance: { id: "relay-2", name: "Second relay", state: "stopped" } });

    const moved = configOf(server, "relay-2");
    // In their old order, with their offsets and ends: past mode goes on where it was.
    expect(moved.forwards).toEqual([CONNECTIONS[1], CONNECTIONS[2]]);
    expect(moved.plugins.filter).toMatchObject(PLUGINS.filter);
    expect(moved.plugins.caption).toMatchObject(PLUGINS.caption);
    expect(moved.login.BOT_TOKEN).toBe("");
    expect(moved.login.API_HASH).toBe("");
    expect(readdirSync(join(server.rootDir, "instances", "relay-2")).filter((name) => name.endsWith(".session"))).toEqual([]);

    const kept = configOf(server, "default");
    expect(kept.forwards).toEqual([CONNECTIONS[0]]);
    expect(kept.login.BOT_TOKEN).toBe(RUNNABLE_CONFIG.login.BOT_TOKEN);
    // The version before the move is backed up, and can be restored.
    const [newest] = await json(await server.api("/api/config/backups"));
    expect((await json(await server.api(`/api/config/backups/${newest.id}`))).config.forwards).toHaveLength(3);
  });

  test("a connection that changed since it was read is refused (409) and nothing is created or changed", async () => {
    const before = configOf(server, "default");
    const response = await move(server, "default", { connections: [{ index: 0, source: -9999 }], to: { id: "stale" } });
    expect(response.status).toBe(409);
    expect((await json(response)).error).toContain("changed since it was read");
    expect(await instanceIds(server)).not.toContain("stale");
    expect(existsSync(join(server.rootDir, "instances", "stale"))).toBe(false);
    expect(configOf(server, "default")).toEqual(before);
  });

  test("bad lists and ids are refused with the field named, and nothing changes", async () => {
    const before = configOf(server, "default");
    const cases: [unknown, number, string][] = [
      [{ connections: [{ index: 5, source: -1001 }], to: { id: "x1" } }, 422, "no connection 5"],
      [{ connections: [{ index: 0, source: -1001 }, { index: 0, source: -1001 }], to: { id: "x2" } }, 422, "listed twice"],
      [{ connections: [], to: { id: "x3" } }, 422, ""],
      [{ connections: [{ index: 0, source: -1001 }], to: { id: "Bad Id" } }, 422, "not allowed"],
      [{ connections: [{ index: 0, source: -1001 }], to: { id: "relay-2" } }, 409, "exists already"],
    ];
    for (const [body, status, words] of cases) {
      const response = await move(server, "default", body);
      expect(response.status).toBe(status);
      expect((await json(response)).error).toContain(words);
    }
    expect(await instanceIds(server)).toEqual(["default", "relay-2"]);
    expect(configOf(server, "default")).toEqual(before);
    expect((await move(server, "nope", { connections: [{ index: 0, source: 1 }], to: { id: "x4" } })).status).toBe(404);
  });

  test("moving out of a running instance says its tgcf must restart to stop forwarding them", async () => {
    expect((await server.api("/api/run", { method: "POST" })).status).toBe(200);
    await waitUntil(async () => (await json(await server.api("/api/status"))).state === "running", 10_000, "default running");
    const response = await move(server, "default", { connections: [{ index: 0, source: -1001 }], to: { id: "relay-3" } });
    expect(response.status).toBe(201);
    expect((await json(response)).restartNeeded).toBe(true);
    const status = await json(await server.api("/api/status"));
    expect(status.pendingRestartChanges).toEqual(["/forwards/0"]);
    expect((await server.api("/api/stop", { method: "POST" })).status).toBe(200);
  });
});

describe("at the same moment (an attack pass found each of these)", () => {
  let server: TestServer;
  const PAIRED = [0, 1, 2, 3, 4, 5].map((n) => ({ con_name: `c${n}`, use_this: true, source: -1000 - Math.floor(n / 2), dest: [-2000 - n], offset: n, end: null }));
  beforeAll(async () => {
    server = await startTestServer({ maxInstances: 5 });
    const saved = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...RUNNABLE_CONFIG, forwards: PAIRED }) });
    expect(saved.status).toBe(200);
  });
  afterAll(() => server.stop());

  const folders = () => readdirSync(join(server.rootDir, "instances")).sort();

  test("two moves to one new id: one is made, the other is a 409, and every connection is in exactly one instance", async () => {
    const answers = await Promise.all([
      move(server, "default", { connections: [{ index: 0, source: -1000 }], to: { id: "dup" } }),
      move(server, "default", { connections: [{ index: 2, source: -1001 }], to: { id: "dup" } }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const everywhere = [...configOf(server, "default").forwards, ...configOf(server, "dup").forwards].map((forward: { con_name: string }) => forward.con_name).sort();
    expect(everywhere).toEqual(PAIRED.map((forward) => forward.con_name));
    expect(await instanceIds(server)).toEqual(folders());
  });

  test("two moves of the same connection: it ends up in one instance, never two or none", async () => {
    const before = configOf(server, "default").forwards;
    const index = before.findIndex((forward: { con_name: string }) => forward.con_name === "c3");
    const answers = await Promise.all(
      ["twin-a", "twin-b"].map((id) => move(server, "default", { connections: [{ index, source: before[index].source }], to: { id } })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const holders = (await instanceIds(server)).filter((id: string) => configOf(server, id).forwards.some((forward: { con_name: string }) => forward.con_name === "c3"));
    expect(holders).toHaveLength(1);
    expect(await instanceIds(server)).toEqual(folders());
  });

  test("creates at once never pass --max-instances nor make one id twice, and every folder is a listed instance (what a restart reads)", async () => {
    const same = await Promise.all([1, 2, 3].map(() => server.api("/api/instances", { method: "POST", headers: { "content-type": "application/json" }, body: '{"id":"same"}' })));
    expect(same.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    const room = 5 - (await instanceIds(server)).length;
    const many = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => server.api("/api/instances", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ id: `many-${n}` }) })),
    );
    expect(many.filter((answer) => answer.status === 201)).toHaveLength(room);
    expect(many.filter((answer) => answer.status === 409)).toHaveLength(8 - room);
    expect(await instanceIds(server)).toHaveLength(5);
    expect(await instanceIds(server)).toEqual(folders());
  });
});
