// A JSON body sent without a length (chunked, as some proxies send it) is held to the API's body limit on every route
// that takes a body, not to Bun's far larger cap; routes that read their body themselves still get it whole. The route
// list comes from the app.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, type TestServer } from "../helpers/server";
import { concretePath } from "../helpers/route-paths";
import { MAX_BODY_BYTES } from "../../src/utils/body-limit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** `text` in 64 KiB chunks, with no Content-Length. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 64 * 1024));
      at += 64 * 1024;
    },
  });
}

const send = (path: string, method: string, text: string) =>
  server.api(path, { method, headers: { "content-type": "application/json", origin: server.origin }, body: chunked(text), duplex: "half" } as RequestInit);

test("every route that takes a body answers 413 to a chunked JSON body over the limit, public routes included", async () => {
  const routes = server.handle.routes.filter((route) => ["POST", "PUT", "PATCH"].includes(route.method));
  expect(routes.length).toBeGreaterThan(20);
  expect(routes.some((route) => route.public)).toBe(true);
  const oversized = `{"x":"${"a".repeat(2 * MAX_BODY_BYTES)}"}`;
  const unexpected: string[] = [];
  for (const route of routes) {
    const response = await send(concretePath(route.path), route.method, oversized);
    if (response.status !== 413) unexpected.push(`${route.method} ${route.path} ${response.status}`);
    await response.body?.cancel();
  }
  expect(unexpected).toEqual([]);
});

test("a public route refuses a chunked body of another type than JSON before reading it (415), without credentials", async () => {
  for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/octet-stream"]) {
    const response = await fetch(`${server.url}/api/login`, {
      method: "POST",
      headers: { "content-type": type, origin: server.origin },
      body: chunked("a=b&".repeat(2 * MAX_BODY_BYTES / 4)),
      duplex: "half",
    } as RequestInit);
    expect({ type, status: response.status }).toEqual({ type, status: 415 });
    await response.body?.cancel();
  }
});

test("a chunked body within the limit is read as before: by Elysia's routes and by the config's own reader", async () => {
  const unknown = await send("/api/alerts/test", "POST", '{"channel":"nope"}');
  expect(unknown.status).toBe(404);
  expect((await unknown.json()).error).toContain('no alert channel "nope"');
  const broken = await send("/api/alerts/test", "POST", '{"channel":');
  expect(broken.status).toBe(400);
  expect((await broken.json()).error).toContain("not valid JSON");
  const saved = await send("/api/config", "PATCH", '{"admins": ["@boss"]}');
  expect(saved.status).toBe(200);
  expect(JSON.parse(readFileSync(join(server.dataDir, "tgcf.config.json"), "utf8")).admins).toEqual(["@boss"]);
});
