// Alerts with real processes and sockets: a fatal tgcf alerts a local webhook (signed) and a local fake Bot API.
import { afterEach, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { saveRunnableConfig, startTestServer, waitUntil, type TestServer } from "../../helpers/server";
import { createLogger } from "../../../src/utils/logger";
import { startFakeBotApi, startReceiver, type Receiver } from "./receivers";
import { ALERT_SECRET_PLACEHOLDER } from "../../../src/modules/alerts/model";
import { CHANNEL_SECRET_FIELDS } from "../../../src/modules/alerts/settings-store";

const WEBHOOK_SECRET = "webhook-secret-Qw7Zp3Lk9";
const BOT_TOKEN = "123456:fake-bot-token-Xy8Vb2";
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends Receiver | TestServer>(thing: T): T {
  cleanups.push(() => thing.stop());
  return thing;
}

const json = (body: unknown, method = "PUT"): RequestInit => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const state = async (server: TestServer) => (await (await server.api("/api/status")).json()).state as string;
const history = async (server: TestServer) => (await (await server.api("/api/alerts/history")).json()).entries as Array<Record<string, any>>;

async function fatalServer(logLines: string[] = []): Promise<TestServer> {
  return track(
    await startTestServer(
      { maxRestartsPerHour: 0 },
      { childEnv: { ...process.env, FAKE_TGCF_EXIT_AFTER_MS: "0" }, logger: createLogger("info", (line) => logLines.push(line)) },
    ),
  );
}

test("a fatal tgcf sends one signed webhook (retried after a 500) and one Telegram message, not repeated while still fatal", async () => {
  const webhook = track(startReceiver([500, 200]));
  const botApi = track(startFakeBotApi(BOT_TOKEN));
  const logLines: string[] = [];
  const server = await fatalServer(logLines);
  const saved = await server.api(
    "/api/alerts",
    json({
      cooldownSeconds: 3600,
      publicUrl: "https://tgcf.example.test",
      channels: [
        { id: "hook", kind: "webhook", url: `${webhook.url}/alerts`, secret: WEBHOOK_SECRET, events: ["fatal"] },
        { id: "tg", kind: "telegram", url: botApi.url, botToken: BOT_TOKEN, chatIds: ["-1001234", "42"] },
      ],
    }),
  );
  expect(saved.status).toBe(200);
  await saveRunnableConfig(server);

  expect((await server.api("/api/run", json({ mode: "live" }, "POST"))).status).toBe(200);
  await waitUntil(async () => (await state(server)) === "fatal", 10_000, "fatal");
  await waitUntil(() => webhook.requests.length === 2, 10_000, "the webhook's retry");
  await waitUntil(() => botApi.requests.length === 2, 10_000, "one message per chat");

  const delivered = webhook.requests[1]!;
  expect(delivered.headers["x-tgcf-signature"]).toBe(`sha256=${createHmac("sha256", WEBHOOK_SECRET).update(delivered.body).digest("hex")}`);
  expect(webhook.requests[0]!.body).toBe(delivered.body);
  const payload = JSON.parse(delivered.body);
  expect(payload).toMatchObject({ type: "tgcf-alert", event: "fatal", instance: { id: "default", name: "default" }, url: "https://tgcf.example.test/#/run" });
  expect(payload.title).toContain("fatal");
  expect(payload.cause).toEqual(expect.any(String));
  expect(Array.isArray(payload.lastLines)).toBe(true);
  expect(payload.lastLines.length).toBeLessThanOrEqual(20);

  expect(botApi.requests.map((request) => request.path)).toEqual([`/bot${BOT_TOKEN}/sendMessage`, `/bot${BOT_TOKEN}/sendMessage`]);
  const messages = botApi.requests.map((request) => JSON.parse(request.body));
  expect(messages.map((message) => message.chat_id).sort()).toEqual(["-1001234", "42"]);
  expect(messages[0].text).toContain('tgcf "default": gave up restarting tgcf (fatal)');
  expect(messages[0].text).toContain("When: ");

  // The history shows the failed first attempt and the retry.
  await waitUntil(async () => (await history(server)).every((entry) => entry.status !== "pending"), 10_000, "deliveries done");
  const entries = await history(server);
  const hook = entries.find((entry) => entry.channel === "hook")!;
  expect(hook).toMatchObject({ event: "fatal", instance: "default", status: "sent" });
  expect(hook.attempts.map((attempt: any) => [attempt.ok, attempt.httpStatus])).toEqual([[false, 500], [true, 200]]);
  expect(entries.filter((entry) => entry.channel === "tg")).toMatchObject([{ event: "fatal", status: "sent" }]);

  // Fatal again without a recovery in between: not repeated (the alert is queued as the status changes).
  const firstExitAt = (await (await server.api("/api/status")).json()).lastExit.at;
  expect((await server.api("/api/run", json({ mode: "live" }, "POST"))).status).toBe(200);
  await waitUntil(
    async () => {
      const status = await (await server.api("/api/status")).json();
      return status.state === "fatal" && status.lastExit?.at !== firstExitAt;
    },
    10_000,
    "fatal again",
  );
  expect((await history(server)).filter((entry) => entry.event === "fatal")).toHaveLength(2); // hook + tg, from the first fatal only

  const everything = logLines.join("\n") + JSON.stringify(entries);
  expect(everything).not.toContain(WEBHOOK_SECRET);
  expect(everything).not.toContain(BOT_TOKEN);
}, 30_000);

test("secrets read back as ******** and sending them back keeps them; the file is 0600 in the server's state dir", async () => {
  const server = await fatalServer();
  const settings = {
    cooldownSeconds: 60,
    channels: [
      { id: "hook", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: WEBHOOK_SECRET },
      { id: "tg", kind: "telegram", botToken: BOT_TOKEN, chatIds: ["1"] },
    ],
  };
  const put = await server.api("/api/alerts", json(settings));
  expect(put.status).toBe(200);
  const read = await (await server.api("/api/alerts")).json();
  for (const channel of read.channels) {
    for (const field of CHANNEL_SECRET_FIELDS) if (field in channel) expect(channel[field]).toBe(ALERT_SECRET_PLACEHOLDER);
  }
  expect(JSON.stringify(read)).not.toContain(WEBHOOK_SECRET);
  expect(JSON.stringify(read)).not.toContain(BOT_TOKEN);

  expect((await server.api("/api/alerts", json({ ...read, cooldownSeconds: 120 }))).status).toBe(200);
  const file = join(server.rootDir, ".tgcf-server", "alerts.json");
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const stored = JSON.parse(readFileSync(file, "utf8"));
  expect(stored).toMatchObject({ cooldownSeconds: 120, channels: [{ secret: WEBHOOK_SECRET }, { botToken: BOT_TOKEN }] });
});

test("a renamed channel keeps its secrets through previousId; a placeholder with no saved secret behind it is a 422, never a silent loss", async () => {
  const server = await fatalServer();
  expect((await server.api("/api/alerts", json({ cooldownSeconds: 60, channels: [{ id: "hook", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: WEBHOOK_SECRET }] }))).status).toBe(200);
  const file = join(server.rootDir, ".tgcf-server", "alerts.json");

  const lost = await server.api("/api/alerts", json({ cooldownSeconds: 60, channels: [{ id: "ops", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: ALERT_SECRET_PLACEHOLDER }] }));
  expect(lost.status).toBe(422);
  expect((await lost.json()).details).toEqual([expect.objectContaining({ path: "/channels/0/secret", message: expect.stringContaining("previousId") })]);
  expect(JSON.parse(readFileSync(file, "utf8")).channels[0]).toMatchObject({ id: "hook", secret: WEBHOOK_SECRET });

  const renamed = await server.api(
    "/api/alerts",
    json({ cooldownSeconds: 60, channels: [{ id: "ops", previousId: "hook", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: ALERT_SECRET_PLACEHOLDER }] }),
  );
  expect(renamed.status).toBe(200);
  expect((await renamed.json()).channels).toEqual([{ id: "ops", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: ALERT_SECRET_PLACEHOLDER }]);
  expect(JSON.parse(readFileSync(file, "utf8")).channels).toEqual([{ id: "ops", kind: "webhook", url: "http://127.0.0.1:9/hook", secret: WEBHOOK_SECRET }]);
});

test("a saved secret never goes somewhere new unseen: a placeholder with a changed receiver, or previousId copying a channel that stays, is a 422", async () => {
  const botApi = track(startFakeBotApi(BOT_TOKEN));
  const attacker = track(startReceiver([200]));
  const server = await fatalServer();
  const tg = { id: "tg", kind: "telegram", url: botApi.url, botToken: BOT_TOKEN, chatIds: ["1"] };
  expect((await server.api("/api/alerts", json({ cooldownSeconds: 60, channels: [tg] }))).status).toBe(200);

  const moved = await server.api("/api/alerts", json({ cooldownSeconds: 60, channels: [{ ...tg, url: attacker.url, botToken: ALERT_SECRET_PLACEHOLDER }] }));
  expect(moved.status).toBe(422);
  expect((await moved.json()).details).toEqual([expect.objectContaining({ path: "/channels/0/botToken", message: expect.stringContaining("type the botToken again") })]);

  const copied = await server.api(
    "/api/alerts",
    json({ cooldownSeconds: 60, channels: [{ ...tg, botToken: ALERT_SECRET_PLACEHOLDER }, { ...tg, id: "x", previousId: "tg", url: attacker.url, botToken: ALERT_SECRET_PLACEHOLDER }] }),
  );
  expect(copied.status).toBe(422);
  expect((await copied.json()).details).toEqual([expect.objectContaining({ path: "/channels/1/previousId" })]);

  const twice = await server.api(
    "/api/alerts",
    json({ cooldownSeconds: 60, channels: [{ ...tg, id: "a", previousId: "tg", botToken: ALERT_SECRET_PLACEHOLDER }, { ...tg, id: "b", previousId: "tg", botToken: ALERT_SECRET_PLACEHOLDER }] }),
  );
  expect(twice.status).toBe(422);
  expect((await twice.json()).details).toEqual([expect.objectContaining({ path: "/channels/1/previousId", message: expect.stringContaining("renamed once") })]);

  expect((await server.api("/api/alerts/test", json({ channel: "x" }, "POST"))).status).toBe(404);
  expect(attacker.requests).toEqual([]);
  // Typed again, the new receiver is the person's choice.
  expect((await server.api("/api/alerts", json({ cooldownSeconds: 60, channels: [{ ...tg, url: attacker.url }] }))).status).toBe(200);
});

test("If-Match: a save based on settings read before another save is a 412 with the current ETag, and changes nothing", async () => {
  const server = await fatalServer();
  const first = await server.api("/api/alerts");
  const etag = first.headers.get("etag")!;
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  const ifMatch = (tag: string, body: unknown) => server.api("/api/alerts", { ...json(body), headers: { "content-type": "application/json", "if-match": tag } });

  const mine = await ifMatch(etag, { cooldownSeconds: 120, channels: [] });
  expect(mine.status).toBe(200);
  const newTag = mine.headers.get("etag")!;
  expect(newTag).not.toBe(etag);
  expect((await server.api("/api/alerts")).headers.get("etag")).toBe(newTag);

  const stale = await ifMatch(etag, { cooldownSeconds: 300, channels: [] });
  expect(stale.status).toBe(412);
  expect(stale.headers.get("etag")).toBe(newTag);
  expect((await stale.json()).error).toContain("changed since you read them");
  expect((await (await server.api("/api/alerts")).json()).cooldownSeconds).toBe(120);
  // Without If-Match the last save wins, as before.
  expect((await server.api("/api/alerts", json({ cooldownSeconds: 300, channels: [] }))).status).toBe(200);
});

test("bad alert settings are refused with 422", async () => {
  const server = await fatalServer();
  const bad: Array<[string, unknown]> = [
    ["a non-http URL", { cooldownSeconds: 60, channels: [{ id: "a", kind: "webhook", url: "file:///etc/passwd" }] }],
    ["a bad publicUrl", { cooldownSeconds: 60, channels: [], publicUrl: "javascript:alert(1)" }],
    ["a webhook without a URL", { cooldownSeconds: 60, channels: [{ id: "a", kind: "webhook" }] }],
    ["telegram without a token", { cooldownSeconds: 60, channels: [{ id: "a", kind: "telegram", chatIds: ["1"] }] }],
    ["telegram without chats", { cooldownSeconds: 60, channels: [{ id: "a", kind: "telegram", botToken: "1:x", chatIds: [] }] }],
    ["two channels with one id", { cooldownSeconds: 60, channels: [{ id: "a", kind: "ntfy", url: "http://127.0.0.1:9/a" }, { id: "a", kind: "ntfy", url: "http://127.0.0.1:9/b" }] }],
    ["an unknown event", { cooldownSeconds: 60, channels: [{ id: "a", kind: "ntfy", url: "http://127.0.0.1:9/a", events: ["sunrise"] }] }],
    ["an unknown kind", { cooldownSeconds: 60, channels: [{ id: "a", kind: "email", url: "http://127.0.0.1:9/a" }] }],
    ["a negative cooldown", { cooldownSeconds: -1, channels: [] }],
    ["a cloud metadata address", { cooldownSeconds: 60, channels: [{ id: "a", kind: "webhook", url: "http://169.254.169.254/latest/meta-data/" }] }],
    ["a metadata host name", { cooldownSeconds: 60, channels: [{ id: "a", kind: "ntfy", url: "http://metadata.google.internal/computeMetadata/v1/" }] }],
    ["an IPv6 link-local Bot API", { cooldownSeconds: 60, channels: [{ id: "a", kind: "telegram", url: "http://[fe80::1]:8081", botToken: "1:x", chatIds: ["1"] }] }],
    ["a placeholder secret for a new channel", { cooldownSeconds: 60, channels: [{ id: "new", kind: "telegram", botToken: ALERT_SECRET_PLACEHOLDER, chatIds: ["1"] }] }],
  ];
  for (const [what, body] of bad) {
    const response = await server.api("/api/alerts", json(body));
    expect({ what, status: response.status }).toEqual({ what, status: 422 });
    expect((await response.json()).error).toEqual(expect.any(String));
  }
  expect(await (await server.api("/api/alerts")).json()).toEqual({ channels: [], cooldownSeconds: 900 });
});

test("the test button sends a test alert on a saved channel and says how it went", async () => {
  const ntfy = track(startReceiver([200]));
  const failing = track(startReceiver([503]));
  const server = await fatalServer();
  await server.api(
    "/api/alerts",
    json({ cooldownSeconds: 60, channels: [{ id: "phone", kind: "ntfy", url: `${ntfy.url}/tgcf` }, { id: "down", kind: "webhook", url: failing.url }] }),
  );

  const sent = await server.api("/api/alerts/test", json({ channel: "phone" }, "POST"));
  expect(sent.status).toBe(200);
  expect(await sent.json()).toMatchObject({ event: "test", channel: "phone", status: "sent", attempts: [{ ok: true }] });
  expect(ntfy.requests).toHaveLength(1);
  expect(ntfy.requests[0]!).toMatchObject({ method: "POST", path: "/tgcf" });
  expect(ntfy.requests[0]!.headers.title).toContain("test alert");
  expect(ntfy.requests[0]!.body).toContain("test alert");

  const refused = await (await server.api("/api/alerts/test", json({ channel: "down" }, "POST"))).json();
  expect(refused).toMatchObject({ status: "failed", attempts: [{ ok: false, httpStatus: 503 }] });
  expect((await server.api("/api/alerts/test", json({ channel: "nope" }, "POST"))).status).toBe(404);
  expect((await history(server)).map((entry) => [entry.channel, entry.status])).toEqual([["down", "failed"], ["phone", "sent"]]);
});
