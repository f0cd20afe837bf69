// Every public path, and the answers a stranger gets anywhere else, carry the anti-framing and no-sniff headers.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/** The public routes of the app, and every asset the page refers to. */
async function publicPaths(): Promise<string[]> {
  const routes = server.handle.routes.filter((route) => route.public && route.method === "GET" && !route.path.includes(":")).map((route) => route.path);
  const page = await (await fetch(server.url + "/")).text();
  const assets = [...page.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => `/${match[1]}`);
  expect(assets.length).toBeGreaterThanOrEqual(2);
  return [...routes, ...assets];
}

function expectProtected(response: Response, what: string): void {
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("x-frame-options"), what).toBe("DENY");
  expect(response.headers.get("content-security-policy"), what).toContain("frame-ancestors 'none'");
}

test("every public path carries frame-ancestors 'none', X-Frame-Options: DENY and nosniff", async () => {
  const paths = await publicPaths();
  expect(paths).toContain("/");
  expect(paths).toContain("/api/health");
  for (const path of paths) {
    const response = await fetch(server.url + path);
    expect(response.status, path).toBe(200);
    expectProtected(response, path);
  }
});

test("the page keeps its own strict policy, which forbids framing too", async () => {
  const policy = (await fetch(server.url + "/")).headers.get("content-security-policy")!;
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("frame-ancestors 'none'");
});

test("the raw bundled page is not served by this server: no copy of the page without the headers", async () => {
  for (const path of ["/__ui-source", "/index.html", "/public/index.html"]) {
    const response = await fetch(server.url + path);
    expect([401, 404], path).toContain(response.status);
    expect(await response.text()).not.toContain("<html");
  }
});

test("error answers carry the headers too", async () => {
  for (const path of ["/api/config", "/no-such-page", "/assets/no-such-asset.js"]) expectProtected(await fetch(server.url + path), path);
});
