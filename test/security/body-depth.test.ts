// Deeply nested bodies are refused before validation: they once froze the server for seconds through POST /api/login,
// which needs no credentials, because the validation error pretty-printed them.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "../helpers/server";
import { MAX_NESTING_DEPTH } from "../../src/modules/config/parse-limits";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

test("a sign-in whose token is nested 20,000 deep is refused with 400 at once, and the server keeps answering", async () => {
  const body = `{"token":${nested(20_000)}}`;
  const refused = fetch(server.url + "/api/login", { method: "POST", headers: { "content-type": "application/json", origin: server.origin }, body });
  const health = await fetch(server.url + "/api/health");
  expect(health.status).toBe(200);
  const response = await refused;
  expect(response.status).toBe(400);
  expect((await response.json()).error).toContain(`deeper than ${MAX_NESTING_DEPTH} levels`);
});

test("every route's parsed body has the same limit: a run request nested too deep is 400, a normal one still works", async () => {
  const deep = await server.api("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: `{"mode":${nested(MAX_NESTING_DEPTH + 1)}}` });
  expect(deep.status).toBe(400);
  const arrays = await server.api("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: `{"mode":${"[".repeat(10_000)}${"]".repeat(10_000)}}` });
  expect(arrays.status).toBe(400);
  const shallow = await server.api("/api/run", { method: "POST", headers: { "content-type": "application/json" }, body: `{"mode":${nested(3)}}` });
  expect(shallow.status).toBe(422);
});
