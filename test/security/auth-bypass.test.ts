// Raw HTTP against every route the app serves, written every way a path and a Host can be written: nothing protected
// answers without credentials. The route list comes from the running app, so a new route cannot escape it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startTestServer, TEST_TOKEN, type TestServer } from "../helpers/server";
import { rawGet, rawRequest } from "../helpers/raw-http";
import { concretePath } from "../helpers/route-paths";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());


/** Ways of writing `path` that a guard parsing the URL on its own might read differently from the router. */
function pathVariants(path: string): string[] {
  const rest = path.slice(1);
  const firstSlash = rest.indexOf("/");
  const variants = [
    path,
    `/xx${path}`,
    `/x${path}`,
    `//${rest}`,
    `///${rest}`,
    `/./${rest}`,
    `/xx/..${path}`,
    `/api/health/..${path.replace(/^\/api/, "")}`,
    `/%2e/${rest}`,
    `/%2E%2E/${rest}`,
    path.replace(/\//g, "%2f").replace(/^%2f/, "/"),
    firstSlash > 0 ? `/${rest.slice(0, firstSlash)}%2f${rest.slice(firstSlash + 1)}` : `${path}%2f`,
    path.replace(/([a-z])([a-z]*)$/, (_m, first: string, others: string) => `%${first.charCodeAt(0).toString(16)}${others}`),
    `${path};`,
    `${path};x=1`,
    `${path}/`,
    `${path}//`,
    `${path}?`,
    `${path}??`,
    `${path}?/api/health`,
    `${path}#`,
    path.toUpperCase(),
    `http://127.0.0.1${path}`,
    `http://a/xx${path}`,
  ];
  return [...new Set(variants)];
}

const HOSTS: Array<string | null> = [null, "", "a", "ab", "abc", "abcd", "abcde", "a:1", "ab:12", "abc:123", "127.0.0.1", "[::1]", "[::1]:8080", "[::]", "a b", "a/b"];

const UPGRADE_HEADERS: Array<[string, string]> = [
  ["Upgrade", "websocket"],
  ["Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="],
  ["Sec-WebSocket-Version", "13"],
];

const ALLOWED_WITHOUT_CREDENTIALS = [400, 401, 404, 421];

describe("every protected route, every way of writing it, every Host: no answer without credentials", () => {
  test("the route list is the app's own and covers the API and the socket", () => {
    const paths = server.handle.routes.map((route) => route.path);
    expect(paths).toContain("/api/config");
    expect(server.handle.routes.some((route) => route.method === "WS")).toBe(true);
    expect(server.handle.routes.filter((route) => !route.public).length).toBeGreaterThan(15);
  });

  test("raw HTTP requests", async () => {
    const failures: string[] = [];
    let sent = 0;
    for (const route of server.handle.routes.filter((candidate) => !candidate.public)) {
      const isSocket = route.method === "WS";
      const methods = isSocket ? ["GET"] : route.method === "GET" ? ["GET", "HEAD"] : [route.method];
      for (const method of methods) {
        for (const target of pathVariants(concretePath(route.path))) {
          for (const host of HOSTS) {
            const headers: Array<[string, string]> = host === null ? [] : [["Host", host]];
            if (isSocket) headers.push(...UPGRADE_HEADERS, ["Origin", `http://${host ?? ""}`]);
            if (method !== "GET" && method !== "HEAD") headers.push(["Content-Type", "application/json"], ["Content-Length", "2"]);
            const head = [`${method} ${target} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`), "Connection: close", "", ""].join("\r\n");
            const response = await rawRequest(server.handle.port, method === "GET" || method === "HEAD" ? head : head + "{}");
            sent++;
            if (!ALLOWED_WITHOUT_CREDENTIALS.includes(response.status)) {
              failures.push(`${route.method} ${route.path}: ${method} ${target} Host=${JSON.stringify(host)} answered ${response.status}`);
            }
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(1_000);
    expect(failures).toEqual([]);
  }, 120_000);

  test("the same requests with the token are admitted (the matrix above is not vacuous)", async () => {
    const host = `127.0.0.1:${server.handle.port}`;
    for (const route of server.handle.routes.filter((candidate) => !candidate.public && candidate.method !== "WS")) {
      const path = concretePath(route.path);
      const body = route.method === "GET" ? "" : "{}";
      const head = [
        `${route.method} ${path} HTTP/1.1`,
        `Host: ${host}`,
        `Authorization: Bearer ${TEST_TOKEN}`,
        ...(body ? ["Content-Type: application/json", `Content-Length: ${body.length}`] : []),
        "Connection: close",
        "",
        "",
      ].join("\r\n");
      const response = await rawRequest(server.handle.port, head + body);
      expect([401, 403, 429], `${route.method} ${route.path}`).not.toContain(response.status);
    }
  });
});

describe("Host headers", () => {
  test.each([
    ["missing", null],
    ["empty", ""],
    ["with a space", "a b"],
    ["with a slash", "a/b"],
    ["with a user part", "user@host"],
    ["two of them joined", "abcd, efgh"],
    ["with a port out of range", "127.0.0.1:99999"],
  ])("a Host %s is refused with 400, also on public routes", async (_name, host) => {
    const response = await rawGet(server.handle.port, "GET", "/api/health", host === null ? [] : [["Host", host]]);
    expect(response.status).toBe(400);
    // Bun answers a missing Host itself, without a body; the app answers the rest with its JSON error.
    if (host !== null) expect(JSON.parse(response.body).error).toMatch(/Host|request target/);
  });

  test.each(["a", "localhost:8080", "127.0.0.1", "[::1]:9", "tgcf.example.com", "TGCF.Example.com."])("a well-formed Host %s is served", async (host) => {
    const response = await rawGet(server.handle.port, "GET", "/api/health", [["Host", host]]);
    expect(response.status).toBe(200);
  });
});

describe("allowed hosts (DNS rebinding)", () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ allowedHosts: ["tgcf.example.com"] });
  });
  afterAll(() => guarded.stop());

  test("a Host that is not the server's own name is refused with 421, even with the token", async () => {
    for (const host of ["attacker.example", "attacker.example:8080", "tgcf.example.com.attacker.example"]) {
      const response = await rawGet(guarded.handle.port, "GET", "/api/status", [["Host", host], ["Authorization", `Bearer ${TEST_TOKEN}`]]);
      expect(response.status).toBe(421);
    }
  });

  test("the listed name (any port, any case) and loopback names are served", async () => {
    for (const host of ["tgcf.example.com", "TGCF.example.com:443", "tgcf.example.com.", "localhost", "127.0.0.1:8080", "[::1]"]) {
      const response = await rawGet(guarded.handle.port, "GET", "/api/status", [["Host", host], ["Authorization", `Bearer ${TEST_TOKEN}`]]);
      expect(response.status, host).toBe(200);
    }
  });
});
