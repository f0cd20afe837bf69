// Bodies that would make the server work without bound are refused over real HTTP, and nothing is written.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, type TestServer } from "../../helpers/server";
import { MAX_NESTING_DEPTH } from "../../../src/modules/config/parse-limits";
import { MAX_BODY_BYTES } from "../../../src/utils/body-limit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function patch(body: string, contentType: string): Promise<{ status: number; error: string }> {
  const response = await server.api("/api/config", { method: "PATCH", headers: { "content-type": contentType }, body });
  const { error } = (await response.json()) as { error: string };
  return { status: response.status, error };
}

function expectNothingWritten(): void {
  expect(existsSync(join(server.dataDir, "tgcf.config.json"))).toBe(false);
}

test("PATCH with YAML whose 99 aliases of a 500 KB value would make 50 MB answers 413", async () => {
  const body = `theme: &big ${JSON.stringify("x".repeat(500_000))}\nadmins: [${Array(99).fill("*big").join(", ")}]\n`;
  const { status, error } = await patch(body, "application/yaml");
  expect(status).toBe(413);
  expect(error).toStartWith(`YAML expands to more than ${MAX_BODY_BYTES} bytes`);
  expectNothingWritten();
});

test("PATCH with YAML nested deeper than 64 levels answers 400 with a clear message", async () => {
  const { status, error } = await patch("theme: " + "[".repeat(20_000) + "]".repeat(20_000), "application/yaml");
  expect(status).toBe(400);
  // The mapping is the first level, so the 64th "[" is one too many.
  expect(error).toBe(`YAML nested too deeply: at most ${MAX_NESTING_DEPTH} levels of arrays and objects, found more at line 1, column ${"theme: ".length + MAX_NESTING_DEPTH}`);
  expectNothingWritten();
});

test("PATCH with JSON nested deeper than 64 levels answers 400 with a clear message", async () => {
  const { status, error } = await patch('{"theme": ' + "[".repeat(500_000) + "]".repeat(500_000) + "}", "application/json");
  expect(status).toBe(400);
  expect(error).toStartWith(`JSON nested too deeply: at most ${MAX_NESTING_DEPTH} levels`);
  expectNothingWritten();
});

test("PATCH with a YAML anchor that refers to itself answers 400", async () => {
  const { status, error } = await patch("admins: &a [*a]\n", "application/yaml");
  expect(status).toBe(400);
  expect(error).toBe("malformed YAML: the alias *a is inside the value it names (&a), which would never end at line 1, column 13");
  expectNothingWritten();
});

test("after all of these the server still saves an ordinary YAML patch", async () => {
  const response = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/yaml" }, body: "theme: dark\n" });
  expect(response.status).toBe(200);
  expect((await response.json()).theme).toBe("dark");
});
