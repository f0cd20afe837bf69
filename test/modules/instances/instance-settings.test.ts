// GET/PUT /api/instances/:id/settings with a real server and the fake tgcf: overrides checked by the flags' rules, kept
// in instance.json beside what the API may not set, and taken by the instance's next start.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveRunnableConfig, startTestServer, waitUntil, type TestServer } from "../../helpers/server";
import { defaultSettings } from "../../../src/settings";
import { startReceiver } from "../alerts/receivers";

let server: TestServer;
const fileOf = () => join(server.dataDir, ".tgcf-server", "instance.json");
const json = (body: unknown, method = "PUT"): RequestInit => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const settings = async () => (await server.api("/api/instances/default/settings")).json();
const state = async () => (await (await server.api("/api/status")).json()).state as string;

beforeAll(async () => {
  // Every start of this fake tgcf exits at once with an error: whether it is restarted shows the supervisor's settings.
  server = await startTestServer({ autoRestart: true }, { childEnv: { ...process.env, FAKE_TGCF_EXIT_AFTER_MS: "0" } });
  await saveRunnableConfig(server);
});
afterAll(() => server.stop());

describe("an instance's run settings", () => {
  test("read: the server's values, and no overrides yet", async () => {
    const { effective, overrides } = await settings();
    expect(Object.keys(effective).sort()).toEqual(Object.keys(defaultSettings()).filter((key) => key in effective).sort());
    expect(effective).toMatchObject({ autoRestart: true, logRingLines: defaultSettings().logRingLines });
    expect(typeof effective.tgcfCommand).toBe("string");
    expect(overrides).toEqual({});
  });

  test("what the flags would refuse, the tgcf command and unknown keys are 422 at their field, and nothing is written", async () => {
    writeFileSync(fileOf(), JSON.stringify({ name: "Main", settings: { futureSetting: 1 }, note: "by hand" }));
    const before = readFileSync(fileOf(), "utf8");
    const refused = await server.api("/api/instances/default/settings", json({ overrides: { killAfterMs: -5, tgcfCommand: "/bin/sh", colour: "red", logRingLines: 10 } }));
    expect(refused.status).toBe(422);
    const { details } = await refused.json();
    expect(details.map((detail: { path: string }) => detail.path).sort()).toEqual(["/overrides/colour", "/overrides/killAfterMs", "/overrides/logRingLines", "/overrides/tgcfCommand"]);
    expect(details.find((detail: { path: string }) => detail.path === "/overrides/tgcfCommand").message).toContain("must not be able to make the server run another program");
    expect(readFileSync(fileOf(), "utf8")).toBe(before);
  });

  test("saved overrides keep the rest of instance.json and are what the next start uses: without auto-restart, an exit stays an exit", async () => {
    const saved = await server.api("/api/instances/default/settings", json({ overrides: { autoRestart: false, stopGraceMs: 8000, healthyAfterMs: 600000 } }));
    expect(saved.status).toBe(200);
    expect((await saved.json()).effective).toMatchObject({ autoRestart: false, stopGraceMs: 8000, healthyAfterMs: 600000 });
    expect(JSON.parse(readFileSync(fileOf(), "utf8"))).toEqual({ name: "Main", note: "by hand", settings: { futureSetting: 1, autoRestart: false, stopGraceMs: 8000, healthyAfterMs: 600000 } });

    expect((await server.api("/api/run", json({ mode: "live" }, "POST"))).status).toBe(200);
    await waitUntil(async () => (await state()) === "exited", 10_000, "tgcf to exit and stay exited");
    expect((await (await server.api("/api/status")).json()).restarts).toBe(0);
  });

  test("while tgcf runs the settings are refused (409); emptied, the server's values come back", async () => {
    const restarting = await server.api("/api/instances/default/settings", json({ overrides: {} }));
    // Built again, as at a server start, but not started again: stopped, whatever it wanted before.
    expect({ status: restarting.status, state: await state() }).toEqual({ status: 200, state: "stopped" });
    expect((await restarting.json()).effective.autoRestart).toBe(true);
    expect((await server.api("/api/run", json({ mode: "live" }, "POST"))).status).toBe(200);
    await waitUntil(async () => ["backoff", "running", "starting"].includes(await state()), 10_000, "tgcf restarting");
    const busy = await server.api("/api/instances/default/settings", json({ overrides: { stopGraceMs: 1000 } }));
    expect(busy.status).toBe(409);
    expect((await busy.json()).error).toContain("stop it first");
    expect((await server.api("/api/stop", json({}, "POST"))).status).toBe(200);
  });

  test("an instance started right after its settings were saved is watched by the alerts already: its first exit alerts", async () => {
    const receiver = startReceiver([200]);
    try {
      expect((await server.api("/api/alerts", json({ cooldownSeconds: 0, channels: [{ id: "hook", kind: "webhook", url: receiver.url, events: ["unexpected-exit"] }] }))).status).toBe(200);
      expect((await server.api("/api/instances/default/settings", json({ overrides: { autoRestart: false } }))).status).toBe(200);
      expect((await server.api("/api/run", json({ mode: "live" }, "POST"))).status).toBe(200);
      await waitUntil(() => receiver.requests.length > 0, 10_000, "the unexpected-exit alert");
      expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ event: "unexpected-exit", instance: { id: "default" } });
    } finally {
      receiver.stop();
    }
  });

  test("during a rebuild the instance stays listed, and acting on it is a 409 to retry, never a 404 or a 503", async () => {
    const seen = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const [save, run, list] = await Promise.all([
        server.api("/api/instances/default/settings", json({ overrides: { stopGraceMs: 1000 + round } })),
        Bun.sleep(round % 4).then(() => server.api("/api/run", json({ mode: "live" }, "POST"))),
        Bun.sleep(2).then(() => server.api("/api/instances")),
      ]);
      seen.add(`save ${save.status}`);
      seen.add(`run ${run.status}`);
      expect((await list.json()).instances.map((instance: { id: string }) => instance.id)).toContain("default");
      await server.api("/api/stop", json({}, "POST"));
      await waitUntil(async () => ["stopped", "exited"].includes(await state()), 10_000, "tgcf stopped");
    }
    for (const answer of seen) expect(["save 200", "save 409", "run 200", "run 409"]).toContain(answer);
  });

  test("the log written before the instance was built again is still there, its seqs going on", async () => {
    const before = (await (await server.api("/api/logs?tail=5")).json()) as { lines: { seq: number }[] };
    expect((await server.api("/api/instances/default/settings", json({ overrides: { logRingLines: 500 } }))).status).toBe(200);
    const after = (await (await server.api("/api/logs?tail=5")).json()) as { lines: { seq: number }[] };
    expect(after.lines.at(-1)!.seq).toBeGreaterThanOrEqual(before.lines.at(-1)!.seq);
    expect(after.lines.map((line) => line.seq)).toEqual(expect.arrayContaining(before.lines.map((line) => line.seq).filter((seq) => seq > after.lines[0]!.seq - 1)));
  });
});
