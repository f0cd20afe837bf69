// Every protected route against every kind of caller. The routes come from the app itself (a server started once to
// read them), so a route added later is in the matrix without anyone listing it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn, startTestServer, TEST_TOKEN, type TestServer } from "../../helpers/server";

const listing = await startTestServer();
/** [method, concrete path] for every HTTP route that is not declared public; :params get a plausible value. */
const PROTECTED_ROUTES: Array<[method: string, path: string]> = listing.handle.routes
  .filter((route) => !route.public && route.method !== "WS")
  .map((route) => [route.method, route.path.replace(/:[A-Za-z]+/g, "20260101T000000000Z")]);
await listing.stop();

let server: TestServer;
let cookie: string;

beforeAll(async () => {
  // Many deliberate failures from one address: the throttle has its own test.
  server = await startTestServer({}, { maxAuthFailuresPerMinute: 10_000 });
  cookie = await signIn(server);
});
afterAll(() => server.stop());

function call(method: string, path: string, headers: Record<string, string>) {
  const body = method === "GET" ? undefined : method === "PATCH" ? "{}" : "{}";
  return fetch(server.url + path, { method, headers: { "content-type": "application/json", ...headers }, body });
}

describe.each(PROTECTED_ROUTES)("%s %s", (method, path) => {
  test("without credentials: 401 JSON", async () => {
    const response = await call(method, path, {});
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
  });

  test("with a wrong token: 401 JSON that does not say which part was wrong", async () => {
    const response = await call(method, path, { authorization: "Bearer wrong-token-0123456789" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
  });

  test("with the right token: admitted", async () => {
    const response = await call(method, path, { authorization: `Bearer ${TEST_TOKEN}` });
    expect([401, 403, 429]).not.toContain(response.status);
  });

  // Logout ends the session it is called with, so it gets a session of its own.
  const sessionFor = async () => (path === "/api/logout" ? signIn(server) : cookie);

  test("with the session cookie from this origin: admitted", async () => {
    const response = await call(method, path, { cookie: await sessionFor(), origin: server.origin });
    expect([401, 403, 429]).not.toContain(response.status);
  });

  test("with the session cookie and a foreign Origin: 403", async () => {
    const response = await call(method, path, { cookie: await sessionFor(), origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect((await response.json()).error).toMatch(/cross-origin/);
  });
});

test("an unknown route under /api answers 401 to strangers and 404 to the signed in", async () => {
  expect((await call("GET", "/api/no-such-route", {})).status).toBe(401);
  const response = await call("GET", "/api/no-such-route", { authorization: `Bearer ${TEST_TOKEN}` });
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ error: "not found" });
});

test("the matrix holds the API's routes, read from the app", () => {
  expect(PROTECTED_ROUTES).toContainEqual(["PATCH", "/api/config"]);
  expect(PROTECTED_ROUTES).toContainEqual(["POST", "/api/run"]);
  expect(PROTECTED_ROUTES.length).toBeGreaterThan(15);
});

describe("public routes", () => {
  test("GET /api/health needs nothing", async () => {
    const response = await fetch(server.url + "/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  test("the UI page is public and carries a Content-Security-Policy", async () => {
    const response = await fetch(server.url + "/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(await response.text()).toContain("<html");
  });
});
