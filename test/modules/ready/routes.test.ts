// GET /api/ready with real processes: public, 503 once tgcf should run but the supervisor gave up, 200 once it runs.
import { afterAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { saveRunnableConfig, startTestServer, tempDir, waitUntil, type TestServer } from "../../helpers/server";
import { parseExposition, valueOf } from "../metrics/parse";

const ACTIVITY_TGCF = resolve(import.meta.dir, "../../fixtures/activity/activity-tgcf.ts");
const markerDir = tempDir();
afterAll(() => rmSync(markerDir, { recursive: true, force: true }));

const ready = async (server: TestServer) => {
  const response = await fetch(`${server.url}/api/ready`); // no credentials: the route is public
  return { status: response.status, body: await response.json(), cacheControl: response.headers.get("cache-control") };
};
const state = async (server: TestServer) => (await (await server.api("/api/status")).json()).state as string;
const run = (server: TestServer) => server.api("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "live" }) });

test("/api/ready turns 503 when tgcf gives up (fatal) while it should run, and 200 again once it runs", async () => {
  // The first start fails; with no automatic restart allowed per hour the supervisor gives up at once (fatal).
  const server = await startTestServer(
    { tgcfCommand: `${process.execPath} ${ACTIVITY_TGCF}`, maxRestartsPerHour: 0 },
    { childEnv: { ...process.env, ACTIVITY_TGCF_FAIL_ONCE: join(markerDir, "failed-once") } },
  );
  try {
    await saveRunnableConfig(server);
    expect(await ready(server)).toMatchObject({ status: 200, body: { ready: true, instances: [{ id: "default", ready: true, state: "stopped" }] } });

    expect((await run(server)).status).toBe(200);
    await waitUntil(async () => (await state(server)) === "fatal", 10_000, "fatal");
    const refused = await ready(server);
    expect(refused.status).toBe(503);
    expect(refused.cacheControl).toBe("no-store");
    expect(refused.body).toMatchObject({ ready: false, instances: [{ id: "default", ready: false, state: "fatal" }] });
    expect(refused.body.instances[0].reason).toContain("should be running");
    expect(JSON.stringify(refused.body)).not.toContain("ConnectionError");

    expect((await run(server)).status).toBe(200);
    await waitUntil(async () => (await state(server)) === "running", 10_000, "running");
    expect(await ready(server)).toMatchObject({ status: 200, body: { ready: true, instances: [{ state: "running" }] } });

    const families = parseExposition(await (await server.api("/metrics")).text());
    expect(valueOf(families, "tgcf_unexpected_exits_total", { instance: "default" })).toBe(1);
    expect(valueOf(families, "tgcf_starts_total", { instance: "default" })).toBe(2);
  } finally {
    await server.stop();
  }
});
