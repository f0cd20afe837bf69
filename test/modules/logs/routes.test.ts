// GET /api/logs and GET /api/logs/download over HTTP with a real child's output.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { saveRunnableConfig, startTestServer, waitUntil, type TestServer } from "../../helpers/server";
import { LAYOUT_CONTROLS } from "../../../src/shared/untrusted-text";

interface Line {
  seq: number;
  stream: string;
  line: string;
}
const seqsOf = (lines: Line[]) => lines.map((line) => line.seq);
const logsOf = async (query: string): Promise<{ lines: Line[] }> => (await server.api(`/api/logs?${query}`)).json();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { childEnv: { ...process.env, FAKE_TGCF_TICK_MS: "20" } });
  await saveRunnableConfig(server);
  await server.api("/api/run", { method: "POST" });
  await waitUntil(async () => (await (await server.api("/api/logs?stream=stdout")).json()).lines.length >= 20, 15_000, "output");
  await server.api("/api/stop", { method: "POST" });
});
afterAll(() => server.stop());

test("tail, since and stream filters select lines from memory", async () => {
  const all = await (await server.api("/api/logs?tail=100000")).json();
  expect(all.lines.length).toBeGreaterThan(20);
  expect(all.lastSeq).toBe(all.lines.at(-1).seq);
  const tail = await (await server.api("/api/logs?tail=3")).json();
  expect(tail.lines.map((l: { seq: number }) => l.seq)).toEqual(all.lines.slice(-3).map((l: { seq: number }) => l.seq));
  const since = await (await server.api(`/api/logs?since=${all.lines.at(-5).seq}`)).json();
  expect(since.lines).toEqual(all.lines.slice(-4));
  expect(since.gap).toBeNull();
  const system = await (await server.api("/api/logs?stream=system")).json();
  expect(system.lines.length).toBeGreaterThan(0);
  expect(system.lines.every((l: { stream: string }) => l.stream === "system")).toBe(true);
});

test("the stream and text filters apply before the tail: the tail is of the lines that pass them", async () => {
  const all = (await logsOf("tail=100000")).lines;
  const system = all.filter((line) => line.stream === "system");
  expect(system.length).toBeGreaterThan(1);
  // tgcf's lines come between the server's own: a tail taken first would leave only the last few of them.
  expect(seqsOf((await logsOf(`tail=${system.length}&stream=system`)).lines)).toEqual(seqsOf(system));
  expect(seqsOf((await logsOf("tail=1&stream=system,stderr")).lines)).toEqual(seqsOf(system.slice(-1)));

  const forwarded = all.filter((line) => line.line.includes("forwarded message"));
  expect(seqsOf((await logsOf("tail=2&q=forwarded")).lines)).toEqual(seqsOf(forwarded.slice(-2)));
  expect((await logsOf("tail=0&q=forwarded")).lines).toEqual([]);
  expect((await logsOf("stream=bogus")).lines).toEqual([]);

  const since = all[0]!.seq;
  expect(seqsOf((await logsOf(`since=${since}&stream=system&tail=2`)).lines)).toEqual(seqsOf(system.filter((l) => l.seq > since).slice(-2)));
  expect(seqsOf((await logsOf(`since=${since}&q=forwarded`)).lines)).toEqual(seqsOf(forwarded.filter((l) => l.seq > since)));
});

test("search finds text in any case across colour codes; the server refuses to run a regular expression", async () => {
  const found = await (await server.api("/api/logs?q=FORWARDED%20message")).json();
  expect(found.lines.length).toBeGreaterThan(0);
  for (const line of found.lines) expect(line.line.toLowerCase()).toContain("forwarded");
  // A catastrophic pattern would block the event loop that drains tgcf's pipes: regex search is the client's.
  const regex = await server.api("/api/logs?q=((a%2B))%2B%24&regex=true");
  expect(regex.status).toBe(422);
  expect((await server.api("/api/status")).status).toBe(200);
});

test("the download is the whole log file as text, colours stripped unless asked to keep them", async () => {
  const response = await server.api("/api/logs/download");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toStartWith("text/plain");
  expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="tgcf-.*\.log"$/);
  const text = await response.text();
  expect(text).toContain("started pid");
  expect(text).toContain("forwarded message");
  expect(text).not.toContain("\x1b[");
  const kept = await (await server.api("/api/logs/download?ansi=keep")).text();
  expect(kept).toContain("\x1b[");
  expect(kept.split("\n").length).toBe(text.split("\n").length);
});

test("a downloaded log holds no control character a crafted line could hide or fake text with", async () => {
  const layout = Object.keys(LAYOUT_CONTROLS).join("");
  server.handle.instance.logs.append("stdout", `crafted \x1b]0;title\x07\x1b[2J\x1b[32mgreen\x1b[0m\r\b\x07\x9b\x85${layout} end`);
  const forbidden = new RegExp(`[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f${layout}]`);

  const plain = await (await server.api("/api/logs/download")).text();
  expect(plain).not.toMatch(forbidden);
  expect(plain.split("\n").filter((line) => line.includes("crafted"))).toEqual([expect.stringMatching(/ stdout crafted green end$/)]);

  const coloured = await (await server.api("/api/logs/download?ansi=keep")).text();
  expect(coloured).toContain("crafted \x1b[32mgreen\x1b[0m end\n");
  expect(coloured.replace(/\x1b\[[0-9;:]*m/g, "")).not.toMatch(forbidden);
});
