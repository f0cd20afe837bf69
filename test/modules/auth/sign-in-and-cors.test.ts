import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn, startTestServer, TEST_TOKEN, type TestServer } from "../../helpers/server";

describe("browser sign-in", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test("login sets an HttpOnly, SameSite=Strict session cookie that authenticates, logout ends it", async () => {
    const response = await fetch(server.url + "/api/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: TEST_TOKEN }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^tgcf_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).not.toContain("Secure");
    expect(setCookie).not.toContain(TEST_TOKEN);
    const cookie = setCookie.split(";")[0]!;
    expect((await fetch(server.url + "/api/status", { headers: { cookie } })).status).toBe(200);

    const logout = await fetch(server.url + "/api/logout", { method: "POST", headers: { cookie, origin: server.origin } });
    expect(logout.status).toBe(200);
    expect(logout.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await fetch(server.url + "/api/status", { headers: { cookie } })).status).toBe(401);
  });

  test("the cookie is Secure when the browser came over TLS through a proxy", async () => {
    const response = await fetch(server.url + "/api/login", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-proto": "https" },
      body: JSON.stringify({ token: TEST_TOKEN }),
    });
    expect(response.headers.get("set-cookie")).toContain("; Secure");
  });

  test("a cookie-authenticated change without an Origin header is refused (CSRF)", async () => {
    const cookie = await signIn(server);
    const response = await fetch(server.url + "/api/config", { method: "PATCH", headers: { cookie, "content-type": "application/json" }, body: "{}" });
    expect(response.status).toBe(403);
  });

  test("a token in the URL is never accepted", async () => {
    const response = await fetch(`${server.url}/api/status?access_token=${TEST_TOKEN}`);
    expect(response.status).toBe(401);
  });

  test("a wrong token at login is 401 without detail", async () => {
    const response = await fetch(server.url + "/api/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: "nope" }) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
  });
});

describe("throttling", () => {
  test("ten failures a minute from one address, then 429 with Retry-After, even for the right token", async () => {
    const server = await startTestServer();
    try {
      // One failure was spent by nobody yet: make ten.
      for (let i = 0; i < 10; i++) {
        const response = await fetch(server.url + "/api/status", { headers: { authorization: "Bearer wrong-token-0123456789" } });
        expect(response.status).toBe(401);
      }
      const refused = await fetch(server.url + "/api/status", { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({ error: "too many failed attempts: try again later" });
      const login = await fetch(server.url + "/api/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TEST_TOKEN }) });
      expect(login.status).toBe(429);
      expect((await fetch(server.url + "/api/health")).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe("CORS", () => {
  test("by default there are no CORS headers at all", async () => {
    const server = await startTestServer();
    try {
      const response = await server.api("/api/status", { headers: { origin: "https://app.example" } });
      for (const name of response.headers.keys()) expect(name).not.toStartWith("access-control-");
      const preflight = await fetch(server.url + "/api/config", { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "PATCH" } });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await server.stop();
    }
  });

  test("an allowed origin gets CORS with credentials by exact match only", async () => {
    const server = await startTestServer({ corsOrigins: ["https://app.example"] });
    try {
      const allowed = await server.api("/api/status", { headers: { origin: "https://app.example" } });
      expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
      expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
      for (const origin of ["https://evil.example", "http://app.example", "https://app.example.evil.example", "app.example"]) {
        const other = await server.api("/api/status", { headers: { origin } });
        expect(other.headers.get("access-control-allow-origin")).toBeNull();
      }
      const preflight = await fetch(server.url + "/api/config", {
        method: "OPTIONS",
        headers: { origin: "https://app.example", "access-control-request-method": "PATCH", "access-control-request-headers": "content-type, if-match" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
      // A session cookie used from the allowed origin may change things.
      const cookie = await signIn(server);
      const patch = await fetch(server.url + "/api/config", { method: "PATCH", headers: { cookie, origin: "https://app.example", "content-type": "application/json" }, body: "{}" });
      expect(patch.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
