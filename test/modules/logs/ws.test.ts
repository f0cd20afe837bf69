// WS /ws/logs against the real server and real child processes.
import { afterEach, describe, expect, test } from "bun:test";
import { connect as netConnect } from "node:net";
import { saveRunnableConfig, signIn, startTestServer, TEST_TOKEN, waitUntil, type TestServer } from "../../helpers/server";
import { logSocketUrl, RecordingSocket, ResumingLogReader } from "../../helpers/ws-client";
import { MAX_TAIL_LINES } from "../../../src/modules/logs";
import { LOG_SOCKET_BACKPRESSURE_HARD_LIMIT } from "../../../src/modules/logs/ws";

const BIG_BACKLOG_TEST_MS = 60_000;

const servers: TestServer[] = [];
const sockets: RecordingSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const server of servers.splice(0)) await server.stop();
});

async function serverWith(childEnv: Record<string, string> = {}, settings = {}) {
  const server = await startTestServer(settings, { childEnv: { ...process.env, ...childEnv }, maxAuthFailuresPerMinute: 1000 });
  servers.push(server);
  return server;
}

function open(server: TestServer, query = "", headers: Record<string, string> = { authorization: `Bearer ${TEST_TOKEN}` }) {
  const socket = new RecordingSocket(logSocketUrl(server.url, query), headers);
  sockets.push(socket);
  return socket;
}

const post = (server: TestServer, path: string, body?: unknown) =>
  server.api(path, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

function expectContiguous(seqs: number[]): void {
  for (let i = 1; i < seqs.length; i++) if (seqs[i] !== seqs[i - 1]! + 1) throw new Error(`seq ${seqs[i - 1]} is followed by ${seqs[i]}`);
}

describe("auth before the upgrade", () => {
  test("the bearer header, or the cookie with this server's Origin, is admitted", async () => {
    const server = await serverWith();
    expect(await open(server).opened).toBe(true);
    const cookie = await signIn(server);
    expect(await open(server, "", { cookie, origin: server.origin }).opened).toBe(true);
  });

  test.each([
    ["no credentials", {}],
    ["a wrong token", { authorization: "Bearer wrong-token-0123456789" }],
    ["the cookie from a foreign origin (cross-site WebSocket hijacking)", "foreign"],
    ["the cookie without an Origin", "no-origin"],
  ])("refused with %s", async (_name, headers) => {
    const server = await serverWith();
    let sent: Record<string, string> = headers as Record<string, string>;
    if (headers === "foreign") sent = { cookie: await signIn(server), origin: "https://evil.example" };
    if (headers === "no-origin") sent = { cookie: await signIn(server) };
    expect(await open(server, "", sent).opened).toBe(false);
  });

  test("a token in the URL is refused", async () => {
    const server = await serverWith();
    expect(await open(server, `access_token=${TEST_TOKEN}&token=${TEST_TOKEN}`, {}).opened).toBe(false);
  });
});

describe("the stream", () => {
  test("backlog then live lines, status changes, and the socket stays open across runs", async () => {
    const server = await serverWith({ FAKE_TGCF_TICK_MS: "50" });
    await saveRunnableConfig(server);
    const socket = open(server);
    await socket.opened;
    await waitUntil(() => socket.messages.some((m) => m.type === "status"), 5_000, "first status");
    expect(socket.messages.find((m) => m.type === "status")).toMatchObject({ state: "stopped", isRunning: false });

    const { pid } = await (await post(server, "/api/run")).json();
    await waitUntil(() => socket.logs().some((m) => m.stream === "stdout"), 10_000, "stdout lines");
    await post(server, "/api/stop");
    await post(server, "/api/run");
    await waitUntil(() => socket.logs().filter((m) => m.line.startsWith("started pid")).length === 2, 10_000, "second run");

    const logs = socket.logs();
    expectContiguous(logs.map((m) => m.seq));
    for (const message of logs) {
      expect(Object.keys(message).sort()).toEqual(["instance", "line", "seq", "stream", "ts", "type"]);
      expect(message.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(logs.some((m) => m.stream === "system" && m.line.includes(`started pid ${pid}`))).toBe(true);
    const states = socket.messages.filter((m) => m.type === "status").map((m) => m.state);
    expect(states).toContain("running");
    expect(states).toContain("stopping");
    expect(states).toContain("stopped");

    const late = open(server, "tail=3");
    await waitUntil(() => late.logs().length >= 3, 5_000, "backlog");
    expect(late.logs()[0]!.seq).toBeLessThanOrEqual(socket.lastSeq());
  });

  test("since resumes after a reconnect during a flood with no gap and no duplicate", async () => {
    const server = await serverWith({ FAKE_TGCF_FLOOD_LINES: "30000", FAKE_TGCF_FLOOD_LINE_BYTES: "100", FAKE_TGCF_FLOOD_THEN: "stay" }, { logRingLines: 100_000 });
    await saveRunnableConfig(server);
    const first = open(server, "tail=0");
    await first.opened;
    await post(server, "/api/run");
    await waitUntil(() => first.logs().length > 2_000, 20_000, "part of the flood");
    first.close();
    await first.closed;
    const resumeAfter = first.lastSeq();
    const second = open(server, `since=${resumeAfter}`);
    await waitUntil(() => second.logs().filter((m) => m.stream === "stdout").length + first.logs().filter((m) => m.stream === "stdout").length >= 30_000, 30_000, "the whole flood");
    expect(second.messages.some((m) => m.type === "gap")).toBe(false);
    const seqs = [...first.logs(), ...second.logs()].map((m) => m.seq);
    expect(second.logs()[0]!.seq).toBe(resumeAfter + 1);
    expectContiguous(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  test("a resume from a seq no longer in memory says what was lost", async () => {
    const server = await serverWith({ FAKE_TGCF_FLOOD_LINES: "500", FAKE_TGCF_FLOOD_THEN: "stay" }, { logRingLines: 100 });
    await saveRunnableConfig(server);
    await post(server, "/api/run");
    await waitUntil(async () => (await (await server.api("/api/logs?tail=1")).json()).lastSeq > 400, 10_000, "flood");
    const socket = open(server, "since=1");
    await waitUntil(() => socket.messages.some((m) => m.type === "gap"), 5_000, "gap message");
    const gap = socket.messages.find((m) => m.type === "gap")!;
    const firstLog = socket.logs()[0]!;
    expect(gap).toEqual({ type: "gap", instance: "default", from: 2, to: firstLog.seq - 1 });
  });

  test("a child printing 10 MB with nobody connected finishes", async () => {
    const server = await serverWith({ FAKE_TGCF_FLOOD_LINES: "100000", FAKE_TGCF_FLOOD_LINE_BYTES: "100", FAKE_TGCF_FLOOD_THEN: "exit", FAKE_TGCF_EXIT_CODE: "0" });
    await saveRunnableConfig(server, { login: { API_ID: 1, API_HASH: "h", user_type: 1, SESSION_STRING: "1Bsession" } });
    await post(server, "/api/run", { mode: "past" });
    await waitUntil(async () => (await (await server.api("/api/status")).json()).state === "exited", 60_000, "the flood to finish");
    const { lastSeq } = await (await server.api("/api/logs?tail=1")).json();
    expect(lastSeq).toBeGreaterThan(100_000);
  });
});

describe("bounded work per socket", () => {
  test("a tail above the cap gives the newest MAX_TAIL_LINES lines, over the WebSocket as over REST", async () => {
    const server = await serverWith({}, { logRingLines: 2 * MAX_TAIL_LINES });
    const logs = server.handle.instance.logs;
    for (let i = 1; i <= MAX_TAIL_LINES + 500; i++) logs.append("stdout", `line ${i}`);
    const huge = 1_000 * MAX_TAIL_LINES;

    const socket = open(server, `tail=${huge}`);
    expect(await socket.opened).toBe(true);
    await waitUntil(() => socket.messages.some((m) => m.type === "status"), BIG_BACKLOG_TEST_MS / 2, "the backlog, then the status");
    const seqs = socket.logs().map((m) => m.seq);
    expect(seqs.length).toBe(MAX_TAIL_LINES);
    expect(seqs.at(-1)).toBe(logs.lastSeq);
    expectContiguous(seqs);

    const rest = await (await server.api(`/api/logs?tail=${huge}`)).json();
    expect(rest.lines.map((line: { seq: number }) => line.seq)).toEqual(seqs);
  }, BIG_BACKLOG_TEST_MS);

  test("a backlog larger than a socket may hold arrives whole and in order, in chunks sent as the client reads", async () => {
    const text = "x".repeat(1_000);
    const count = Math.ceil((2 * LOG_SOCKET_BACKPRESSURE_HARD_LIMIT) / text.length);
    const server = await serverWith({}, { logRingLines: 2 * count });
    const logs = server.handle.instance.logs;
    for (let i = 1; i <= count; i++) logs.append("stdout", `${i} ${text}`);

    const socket = open(server, "since=0");
    await waitUntil(() => socket.logs().length > 0, BIG_BACKLOG_TEST_MS / 2, "the first backlog line");
    // Sent all at once, the backlog would pass Bun's limit and the socket would be closed; in chunks, the server
    // answers other requests meanwhile, and lines printed meanwhile come after the backlog.
    const printedMeanwhile = logs.append("stderr", "printed during the backlog").seq;
    expect((await server.api("/api/health")).status).toBe(200);
    expect(socket.messages.some((m) => m.type === "status")).toBe(false);

    await waitUntil(() => socket.messages.some((m) => m.type === "status"), BIG_BACKLOG_TEST_MS / 2, "the whole backlog, then the status");
    const live = logs.append("system", "after the backlog").seq;
    await waitUntil(() => socket.lastSeq() === live, 5_000, "a live line");
    const seqs = socket.logs().map((m) => m.seq);
    expect(seqs[0]).toBe(1);
    expectContiguous(seqs);
    expect(seqs.at(-1)).toBe(live);
    expect(seqs).toContain(printedMeanwhile);
    expect(socket.messages.some((m) => m.type === "gap")).toBe(false);
    const statusAt = socket.messages.findIndex((m) => m.type === "status");
    expect(socket.messages.slice(0, statusAt).filter((m) => m.type === "log")).toHaveLength(printedMeanwhile);
  }, BIG_BACKLOG_TEST_MS);
});

test("a quiet stream gets heartbeats, so proxies never cut it", async () => {
  const server = await startTestServer({}, { heartbeatMs: 100 });
  servers.push(server);
  const socket = open(server);
  await socket.opened;
  await waitUntil(() => socket.messages.filter((m) => m.type === "heartbeat").length >= 2, 5_000, "two heartbeats");
  expect(socket.messages.find((m) => m.type === "heartbeat")!.ts).toMatch(/^\d{4}-\d\d-\d\dT/);
});

describe("a slow client", () => {
  // The readers run in this process, beside the server: on a loaded machine they can fall behind too, and then
  // they do what the UI does (resume with since), so every line still reaches them exactly once.
  test("one that never reads is closed with 1013 while the others get every line", async () => {
    const server = await serverWith({ FAKE_TGCF_FLOOD_LINES: "150000", FAKE_TGCF_FLOOD_LINE_BYTES: "100", FAKE_TGCF_FLOOD_THEN: "stay" }, { logRingLines: 200_000 });
    await saveRunnableConfig(server);
    const port = Number(new URL(server.url).port);
    const stalled = netConnect({ host: "127.0.0.1", port });
    const received: Buffer[] = [];
    await new Promise<void>((resolve) => stalled.once("connect", () => resolve()));
    stalled.write(
      [
        "GET /ws/logs?tail=0 HTTP/1.1",
        `Host: 127.0.0.1:${port}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        `Authorization: Bearer ${TEST_TOKEN}`,
        "",
        "",
      ].join("\r\n"),
    );
    await new Promise<void>((resolve) => stalled.once("data", (chunk: Buffer) => (received.push(chunk), resolve())));
    expect(received[0]!.toString()).toStartWith("HTTP/1.1 101");
    stalled.pause();

    const keepingUp = [0, 1].map(() => new ResumingLogReader(server.url, { authorization: `Bearer ${TEST_TOKEN}` }));
    await Promise.all(keepingUp.map((socket) => socket.opened));
    await post(server, "/api/run");
    await waitUntil(() => keepingUp.every((socket) => socket.logs().filter((m) => m.stream === "stdout").length >= 150_000), 60_000, "the readers to get every line");
    for (const reader of keepingUp) {
      const seqs = reader.logs().map((m) => m.seq);
      expectContiguous(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
      reader.close();
    }

    stalled.on("data", (chunk: Buffer) => received.push(chunk));
    stalled.resume();
    await new Promise<void>((resolve) => stalled.once("close", () => resolve()));
    const all = Buffer.concat(received);
    // The close frame: FIN+close opcode, a short unmasked payload, then the status code 1013 (0x03F5).
    const closeAt = all.lastIndexOf(Buffer.from([0x03, 0xf5]));
    expect(closeAt).toBeGreaterThan(2);
    expect(all[closeAt - 2]).toBe(0x88);
    expect(all.length).toBeLessThan(64 * 1024 * 1024);
  });
});
