// Compressed answers from the real server: JSON and the UI's files come brotli- or gzip-encoded as the client asks,
// with their status, ETag and other headers as they were; streams, small answers and WebSockets are left alone.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { brotliDecompressSync } from "node:zlib";
import { MAX_BODY_BYTES } from "../../../src/utils/body-limit";
import { MIN_COMPRESSED_BYTES } from "../../../src/modules/web/compression";
import { RUNNABLE_CONFIG, startTestServer, TEST_TOKEN, type TestServer } from "../../helpers/server";
import { logSocketUrl, RecordingSocket } from "../../helpers/ws-client";

const BROWSER_ENCODINGS = "gzip, deflate, br, zstd";
/** Enough connections that the config's JSON passes the compression threshold. */
const MANY_FORWARDS = Array.from({ length: 20 }, (_, index) => ({ con_name: `connection ${index}`, use_this: true, source: -1001000 - index, dest: [-1002000 - index] }));

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

/** fetch that hands back the bytes as sent (Bun would otherwise decompress them). */
async function rawGet(path: string, acceptEncoding: string, init: RequestInit = {}): Promise<{ response: Response; bytes: Uint8Array }> {
  const headers = new Headers(init.headers);
  headers.set("accept-encoding", acceptEncoding);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TEST_TOKEN}`);
  const response = await fetch(server.url + path, { ...init, headers, decompress: false } as RequestInit);
  return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function decoded(bytes: Uint8Array, encoding: string | null): string {
  if (encoding === "br") return new TextDecoder().decode(brotliDecompressSync(bytes));
  if (encoding === "gzip") return new TextDecoder().decode(Bun.gunzipSync(bytes as Uint8Array<ArrayBuffer>));
  return new TextDecoder().decode(bytes);
}

describe("JSON answers", () => {
  test("above the threshold come brotli-encoded for a browser, gzip-encoded for gzip only, plain otherwise, all with Vary", async () => {
    const plain = await rawGet("/api/config/schema", "identity");
    expect(plain.bytes.byteLength).toBeGreaterThan(MIN_COMPRESSED_BYTES);
    expect(plain.response.headers.get("content-encoding")).toBeNull();
    for (const [accept, encoding] of [[BROWSER_ENCODINGS, "br"], ["gzip", "gzip"]] as const) {
      const { response, bytes } = await rawGet("/api/config/schema", accept);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding")).toBe(encoding);
      expect(response.headers.get("vary")).toContain("Accept-Encoding");
      expect(response.headers.get("content-type")).toStartWith("application/json");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(bytes.byteLength).toBeLessThan(plain.bytes.byteLength / 3);
      expect(JSON.parse(decoded(bytes, encoding))).toEqual(JSON.parse(decoded(plain.bytes, null)));
    }
  });

  test("below the threshold are sent as they are", async () => {
    const { response, bytes } = await rawGet("/api/status", BROWSER_ENCODINGS);
    expect(bytes.byteLength).toBeLessThan(MIN_COMPRESSED_BYTES);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(decoded(bytes, null)).state).toBeString();
  });

  test("the config keeps its ETag when compressed, and a save with If-Match on it still succeeds", async () => {
    const saved = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...RUNNABLE_CONFIG, forwards: MANY_FORWARDS }) });
    expect(saved.status).toBe(200);
    const plain = await rawGet("/api/config", "identity");
    const compressed = await rawGet("/api/config", BROWSER_ENCODINGS);
    expect(plain.bytes.byteLength).toBeGreaterThan(MIN_COMPRESSED_BYTES);
    expect(compressed.response.headers.get("content-encoding")).toBe("br");
    const etag = compressed.response.headers.get("etag");
    expect(etag).toBe(plain.response.headers.get("etag"));
    expect(JSON.parse(decoded(compressed.bytes, "br"))).toEqual(JSON.parse(decoded(plain.bytes, null)));

    const patch = { forwards: MANY_FORWARDS.map((forward) => ({ ...forward, use_this: false })) };
    const answer = await rawGet("/api/config", BROWSER_ENCODINGS, { method: "PATCH", headers: { "content-type": "application/json", "if-match": etag! }, body: JSON.stringify(patch) });
    expect(answer.response.status).toBe(200);
    expect(answer.response.headers.get("content-encoding")).toBe("br");
    expect(answer.response.headers.get("etag")).not.toBe(etag);
    const stale = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json", "if-match": etag!, "accept-encoding": BROWSER_ENCODINGS }, body: "{}" });
    expect(stale.status).toBe(412);
  });

  test("an error keeps its status when its body is compressed", async () => {
    const invalid = { forwards: MANY_FORWARDS.map((forward) => ({ ...forward, source: { not: "a chat" }, dest: "nowhere" })) };
    const { response, bytes } = await rawGet("/api/config", BROWSER_ENCODINGS, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(invalid) });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-encoding")).toBe("br");
    const body = JSON.parse(decoded(bytes, "br"));
    expect(body.error).toBeString();
  });
});

describe("what is left alone", () => {
  test("the log download streams as plain text", async () => {
    const { response, bytes } = await rawGet("/api/logs/download", BROWSER_ENCODINGS);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("content-disposition")).toStartWith("attachment");
    expect(bytes).toBeInstanceOf(Uint8Array);
  });

  test("the log WebSocket opens for a client that accepts compressed answers", async () => {
    const socket = new RecordingSocket(logSocketUrl(server.url, "tail=0"), { authorization: `Bearer ${TEST_TOKEN}`, "accept-encoding": BROWSER_ENCODINGS });
    expect(await socket.opened).toBe(true);
    socket.close();
    await socket.closed;
  });

  test("errors raised before routing keep their status and JSON body (401, 404, 413)", async () => {
    const refused = await rawGet("/api/config/schema", BROWSER_ENCODINGS, { headers: { authorization: "Bearer wrong" } });
    expect(refused.response.status).toBe(401);
    expect(JSON.parse(decoded(refused.bytes, null))).toEqual({ error: "unauthorized" });
    const missing = await rawGet("/api/no-such-route", BROWSER_ENCODINGS);
    expect(missing.response.status).toBe(404);
    expect(JSON.parse(decoded(missing.bytes, null))).toEqual({ error: "not found" });
    const tooLong = await rawGet("/api/config", BROWSER_ENCODINGS, { method: "PATCH", headers: { "content-type": "application/json" }, body: "x".repeat(MAX_BODY_BYTES + 1) });
    expect(tooLong.response.status).toBe(413);
    expect(JSON.parse(decoded(tooLong.bytes, null)).error).toContain("too large");
  });
});

describe("the UI", () => {
  test("its scripts and styles come compressed, decode to the same bytes, and cache for a year", async () => {
    const page = decoded((await rawGet("/", "identity")).bytes, null);
    const assets = [...page.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const plain = await rawGet(`/${asset}`, "identity");
      for (const [accept, encoding] of [[BROWSER_ENCODINGS, "br"], ["gzip", "gzip"]] as const) {
        const { response, bytes } = await rawGet(`/${asset}`, accept);
        expect(response.headers.get("content-encoding")).toBe(encoding);
        expect(response.headers.get("vary")).toContain("Accept-Encoding");
        expect(response.headers.get("cache-control")).toContain("immutable");
        expect(decoded(bytes, encoding)).toBe(decoded(plain.bytes, null));
      }
    }
  });
});
