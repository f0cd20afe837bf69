// GET /api/activity and GET /metrics with real processes: a stand-in tgcf printing tgcf-format activity records
// through the real server, counted per connection, and still there after a server restart.
import { afterAll, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { saveRunnableConfig, signIn, startTestServer, tempDir, waitUntil, type TestServer } from "../../helpers/server";
import { parseExposition, valueOf } from "../metrics/parse";
import type { ActivityReport } from "../../../src/modules/activity/model";

const ACTIVITY_TGCF = resolve(import.meta.dir, "../../fixtures/activity/activity-tgcf.ts");
const METRICS_TOKEN = "metrics-Token-0123456789-abcdefghijklmnop";
const NAME_WITH_QUOTES = 'say "hi" \\ there';
const FORWARDS = [
  { con_name: "news", use_this: true, source: -1001, dest: [-2] },
  { con_name: "by name", use_this: true, source: "@channel", dest: [-2] },
  { con_name: NAME_WITH_QUOTES, use_this: true, source: -1003, dest: [-2] },
];
const SCRIPT = [
  { kind: "received", args: [-1001] },
  { kind: "received", args: [-1001] },
  { kind: "edited", args: [-1001] },
  { kind: "received", args: [-1003] },
  { kind: "received", args: [-1009] },
  { kind: "deleted", args: [-1003] },
  { kind: "received", args: [-1001] },
  { kind: "telethonFloodWait", args: [27] },
  { kind: "error", args: ["Unhandled exception on new_message_handler"] },
];

const dirs: string[] = [];
/** A data dir removed after the tests. */
function newDataDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function serverOn(dataDir: string): Promise<TestServer> {
  const scriptDir = newDataDir();
  const script = join(scriptDir, "script.json");
  writeFileSync(script, JSON.stringify(SCRIPT));
  return startTestServer(
    { dataDir, tgcfCommand: `${process.execPath} ${ACTIVITY_TGCF}` },
    { childEnv: { ...process.env, ACTIVITY_TGCF_SCRIPT: script }, metricsToken: METRICS_TOKEN },
  );
}

const report = async (server: TestServer): Promise<ActivityReport> => {
  const response = await server.api("/api/activity");
  expect(response.status).toBe(200);
  return (await response.json()) as ActivityReport;
};
const scrape = (server: TestServer, token = METRICS_TOKEN) => fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });

function expectCounts(activity: ActivityReport): void {
  const allTime = (index: number) => activity.connections[index]!.counters.allTime;
  expect([allTime(0).received, allTime(0).edited, allTime(0).deleted]).toEqual([3, 1, 0]);
  expect(activity.connections[1]).toMatchObject({ name: "by name", chatId: null });
  expect(allTime(1).received).toBe(0);
  expect([allTime(2).received, allTime(2).deleted]).toEqual([1, 1]);
  expect(activity.other.counters.allTime.received).toBe(1);
  expect(activity.instance.counters.allTime).toMatchObject({ received: 5, edited: 1, deleted: 1, floodWaits: 1, floodWaitSeconds: 27, errors: 1, starts: 1, unexpectedExits: 0 });
  expect(activity.connections[0]!.counters.lastHour.received).toBe(3);
}

test("activity lines of a running tgcf are counted per connection in the API and /metrics, and kept across a server restart", async () => {
  const dataDir = newDataDir();
  const server = await serverOn(dataDir);
  try {
    await saveRunnableConfig(server, { forwards: FORWARDS });
    const run = await server.api("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "live" }) });
    expect(run.status).toBe(200);
    await waitUntil(async () => (await report(server)).instance.counters.allTime.errors === 1, 10_000, "the script's last record");
    const live = await report(server);
    expectCounts(live);
    expect(live.instance).toMatchObject({ state: "running", mode: "live", running: true, stalled: false });
    expect(live.instance.listeningSince).not.toBeNull();
    expect(live.connections[0]!.stall.state).toBe("learning");
    expect(live.series.connections[0]!.received!.reduce((a, b) => a + b, 0)).toBe(3);

    const metrics = await scrape(server);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parseExposition(await metrics.text());
    const instance = { instance: "default" };
    expect(valueOf(families, "tgcf_up", instance)).toBe(1);
    expect(valueOf(families, "tgcf_state", { ...instance, state: "running" })).toBe(1);
    expect(valueOf(families, "tgcf_messages_received_total", { connection: "0", name: "news", source: "-1001" })).toBe(3);
    expect(valueOf(families, "tgcf_messages_received_total", { connection: "1", name: "by name", source: "@channel" })).toBe(0);
    expect(valueOf(families, "tgcf_messages_deleted_total", { connection: "2", name: NAME_WITH_QUOTES })).toBe(1);
    expect(valueOf(families, "tgcf_messages_received_total", { connection: "other" })).toBe(1);
    expect(valueOf(families, "tgcf_flood_wait_seconds_total", instance)).toBe(27);
    expect(valueOf(families, "tgcf_errors_total", instance)).toBe(1);
    expect(valueOf(families, "tgcf_starts_total", instance)).toBe(1);
    expect(valueOf(families, "tgcf_server_log_lines_total", { stream: "stdout" })).toBeGreaterThanOrEqual(SCRIPT.length);
    expect(valueOf(families, "tgcf_server_websocket_clients", instance)).toBe(0);
    expect(valueOf(families, "tgcf_last_activity_timestamp_seconds", instance)).toBeCloseTo(Date.now() / 1000, -2);
    for (const family of families.values()) expect(["counter", "gauge"]).toContain(family.type);

    expect((await server.api("/api/stop", { method: "POST" })).status).toBe(200);
  } finally {
    await server.stop();
  }

  const restarted = await serverOn(dataDir);
  try {
    const after = await report(restarted);
    expectCounts(after);
    expect(after.instance.state).toBe("stopped");
    expect(after.instance.counters.allTime.runningSeconds).toBeGreaterThanOrEqual(0);
    expect(valueOf(parseExposition(await (await scrape(restarted)).text()), "tgcf_messages_received_total", { connection: "0" })).toBe(3);
  } finally {
    await restarted.stop();
  }
}, 15_000);

test("/metrics needs credentials; the metrics token admits /metrics and nothing else", async () => {
  const server = await serverOn(newDataDir());
  try {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await scrape(server, "wrong-token-0123456789abcdefghij")).status).toBe(401);
    expect((await server.api("/metrics")).status).toBe(200);
    const viaToken = await scrape(server);
    expect(viaToken.status).toBe(200);
    expect(viaToken.headers.get("x-content-type-options")).toBe("nosniff");
    for (const path of ["/api/activity", "/api/status", "/api/config", "/metrics/", "/metrics?x=1&"]) {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status, path).toBe(path.startsWith("/metrics?") ? 200 : 401);
    }
    const post = await fetch(`${server.url}/metrics`, { method: "POST", headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(post.status).toBe(401);
  } finally {
    await server.stop();
  }
});

test("GET /api/activity refuses a bad range with the API's error shape", async () => {
  const server = await serverOn(newDataDir());
  try {
    const response = await server.api("/api/activity?from=yesterday");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("ISO 8601");
    expect((await fetch(`${server.url}/api/activity`)).status).toBe(401);
  } finally {
    await server.stop();
  }
});

test("the routes are where the guard and the docs say: /api/ready public, /api/activity and /metrics protected, each documented", async () => {
  const server = await serverOn(newDataDir());
  try {
    const route = (path: string) => server.handle.routes.find((candidate) => candidate.method === "GET" && candidate.path === path);
    expect(route("/api/ready")?.public).toBe(true);
    expect(route("/api/activity")?.public).toBe(false);
    expect(route("/metrics")?.public).toBe(false);
    const spec = await (await server.api("/api/docs/json")).json();
    expect(spec.paths["/api/activity"].get.responses["200"]).toBeTruthy();
    expect(JSON.stringify(spec.paths["/api/activity"].get)).toContain("median gap");
    expect(spec.paths["/api/ready"].get.security).toEqual([]);
    expect(spec.paths["/api/ready"].get.responses["503"]).toBeTruthy();
    expect(spec.paths["/metrics"].get.security).toBeUndefined();
  } finally {
    await server.stop();
  }
});

test("/metrics counts the log WebSocket clients connected now", async () => {
  const server = await serverOn(newDataDir());
  try {
    const cookie = await signIn(server);
    const socket = new WebSocket(`${server.url.replace("http", "ws")}/ws/logs?tail=0`, { headers: { cookie, origin: server.origin } } as unknown as string[]);
    await new Promise<void>((resolveOpen, reject) => {
      socket.addEventListener("open", () => resolveOpen());
      socket.addEventListener("error", () => reject(new Error("the log socket did not open")));
    });
    const clients = async () => valueOf(parseExposition(await (await scrape(server)).text()), "tgcf_server_websocket_clients", { instance: "default" });
    await waitUntil(async () => (await clients()) === 1, 5_000, "one client");
    socket.close();
    await waitUntil(async () => (await clients()) === 0, 5_000, "no client");
  } finally {
    await server.stop();
  }
});
