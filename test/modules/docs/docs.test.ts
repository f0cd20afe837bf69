import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "../../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

test("the docs page works offline: no external URL, its assets are served by the server", async () => {
  const response = await server.api("/api/docs");
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).not.toMatch(/https?:\/\//);
  expect(html).toContain("docs/assets/swagger-ui-bundle.js");
  // No inline script: the page's CSP allows scripts from this server only.
  expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
  expect(response.headers.get("content-security-policy")).toContain("script-src 'self';");
  const init = await server.api("/api/docs/assets/swagger-init.js");
  expect(await init.text()).toContain('url: "docs/json"');
  const bundle = await server.api("/api/docs/assets/swagger-ui-bundle.js");
  expect(bundle.status).toBe(200);
  expect((await bundle.text()).length).toBeGreaterThan(100_000);
  expect((await server.api("/api/docs/assets/swagger-ui.css")).status).toBe(200);
});

test("the OpenAPI document lists every route with the bearer scheme and the error shape", async () => {
  const spec = await (await server.api("/api/docs/json")).json();
  const paths = Object.keys(spec.paths);
  for (const path of [
    "/api/health",
    "/api/login",
    "/api/logout",
    "/api/config",
    "/api/config/schema",
    "/api/config/backups",
    "/api/config/backups/{id}",
    "/api/config/backups/{id}/restore",
    "/api/run",
    "/api/stop",
    "/api/restart",
    "/api/status",
    "/api/logs",
    "/api/logs/download",
    "/api/info",
  ]) {
    expect(paths).toContain(path);
  }
  expect(spec.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer" });
  expect(spec.paths["/api/config"].post.requestBody.content["application/yaml"]).toBeTruthy();
  expect(spec.paths["/api/run"].post.responses["409"]).toBeTruthy();
  expect(spec.paths["/api/health"].get.security).toEqual([]);
});
