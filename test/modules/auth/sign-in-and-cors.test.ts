import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { signIn, startTestServer, TEST_TOKEN, type TestServer } from "../../helpers/server";
import { rawRequest } from "../../helpers/raw-http";

/** POST /api/login as this server's page sends it, unless `headers` say otherwise. */
function login(server: TestServer, token: string, headers: Record<string, string> = {}) {
  return fetch(server.url + "/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.origin, ...headers },
    body: JSON.stringify({ token }),
  });
}

describe("browser sign-in", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test("login sets an HttpOnly, SameSite=Strict session cookie that authenticates, logout ends it", async () => {
    const response = await login(server, TEST_TOKEN);
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
    const response = await login(server, TEST_TOKEN, { "x-forwarded-proto": "https" });
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
    const response = await login(server, "nope");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
  });

  test("sign-in takes JSON only: a form post, as a cross-site page can send without asking, is refused with 415", async () => {
    for (const [contentType, body] of [
      ["application/x-www-form-urlencoded", `token=${TEST_TOKEN}`],
      ["text/plain", JSON.stringify({ token: TEST_TOKEN })],
      ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="token"\r\n\r\n${TEST_TOKEN}\r\n--x--\r\n`],
    ]) {
      const response = await fetch(server.url + "/api/login", { method: "POST", headers: { "content-type": contentType!, origin: server.origin }, body });
      expect(response.status, contentType).toBe(415);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  test("sign-in from a foreign or missing Origin is refused with 403, also with the right token", async () => {
    for (const headers of [{ origin: "https://evil.example" }, { origin: "null" }]) {
      const response = await login(server, TEST_TOKEN, headers);
      expect(response.status).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
    const withoutOrigin = await fetch(server.url + "/api/login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token: TEST_TOKEN }) });
    expect(withoutOrigin.status).toBe(403);
  });
});

describe("throttling", () => {
  test("ten failures a minute from one address, then 429 with Retry-After; the right token still passes", async () => {
    const server = await startTestServer();
    try {
      for (let i = 0; i < 10; i++) {
        const response = await fetch(server.url + "/api/status", { headers: { authorization: "Bearer wrong-token-0123456789" } });
        expect(response.status).toBe(401);
      }
      const refused = await fetch(server.url + "/api/status", { headers: { authorization: "Bearer wrong-token-0123456789" } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({ error: "too many failed attempts: try again later" });
      expect((await login(server, "still-wrong-token-0123456789")).status).toBe(429);
      // The owner is never locked out by somebody else's failures from the same address.
      expect((await fetch(server.url + "/api/status", { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).status).toBe(200);
      const signedIn = await login(server, TEST_TOKEN);
      expect(signedIn.status).toBe(200);
      const cookie = signedIn.headers.get("set-cookie")!.split(";")[0]!;
      expect((await fetch(server.url + "/api/status", { headers: { cookie } })).status).toBe(200);
      expect((await fetch(server.url + "/api/health")).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  test("cross-site form posts cannot lock the owner out: they are refused before they count", async () => {
    const server = await startTestServer();
    try {
      for (let i = 0; i < 30; i++) {
        const response = await fetch(server.url + "/api/login", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
          body: "token=guess-number-" + i,
        });
        expect(response.status).toBe(415);
      }
      expect((await login(server, "one-honest-typo-0123456789")).status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  test("failures are also counted in total: many client addresses together are throttled too", async () => {
    const server = await startTestServer({}, { maxAuthFailuresPerMinute: 3 });
    try {
      // 127.0.0.0/8 is all loopback on Linux: each address is another client to the server.
      const statuses: number[] = [];
      for (let client = 2; client < 2 + 120; client++) {
        const response = await rawRequest(
          server.handle.port,
          `GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong-token-0123456789\r\nConnection: close\r\n\r\n`,
          { localAddress: `127.0.${Math.floor(client / 250)}.${client % 250}` },
        );
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses.filter((status) => status === 401).length).toBe(100);
      expect(statuses.slice(100).every((status) => status === 429)).toBe(true);
      expect((await fetch(server.url + "/api/status", { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).status).toBe(200);
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
