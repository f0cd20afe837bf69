// The configuration API over real HTTP against real files.
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { signIn, startTestServer, type TestServer } from "../../helpers/server";
import { defaultConfig } from "../../../src/modules/config/model";
import { SECRET_PLACEHOLDER } from "../../../src/modules/config/secrets";

const FIXTURES = resolve(import.meta.dir, "../../fixtures/tgcf");
const TGCF_DEFAULT_BYTES = readFileSync(join(FIXTURES, "default-config.as-written-by-tgcf.json"), "utf8").replace(/\n$/, "");

let server: TestServer;
const servers: TestServer[] = [];
beforeEach(async () => {
  server = await startTestServer();
  servers.push(server);
});
afterAll(async () => {
  for (const each of servers) await each.stop();
});

const configPath = () => join(server.dataDir, "tgcf.config.json");
const fileText = () => readFileSync(configPath(), "utf8");
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const post = (body: unknown, headers: Record<string, string> = {}) => server.api("/api/config", { method: "POST", ...json(body, headers) });
const patch = (body: unknown, headers: Record<string, string> = {}) => server.api("/api/config", { method: "PATCH", ...json(body, headers) });

function fullConfig() {
  const config = defaultConfig();
  config.login = { API_ID: 123456, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 1, phone_no: 919876543210, USERNAME: "me", SESSION_STRING: "1BVtsOK-secret-session", BOT_TOKEN: "" };
  config.admins = [12345, "@admin"];
  config.forwards = [{ con_name: "news", use_this: true, source: -1001234567890, dest: [-1009876543210, "@mirror"], offset: 42, end: 0 }];
  config.mode = 1;
  config.past.delay = 5;
  config.plugins.filter.check = true;
  config.plugins.filter.text.blacklist = ["spam", "ünïcödé ✓"];
  config.plugins.fmt = { check: true, style: "bold" };
  config.plugins.replace = { check: true, text: { foo: "bar" }, text_raw: "foo: bar", regex: false };
  config.plugins.sender = { check: true, user_type: 0, BOT_TOKEN: "123:sender-bot-token", SESSION_STRING: "" };
  return config;
}

describe("reading", () => {
  test("a missing file reads as tgcf's defaults and is not created", async () => {
    const response = await server.api("/api/config");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(defaultConfig());
    expect(response.headers.get("etag")).toBeTruthy();
    expect(existsSync(configPath())).toBe(false);
  });

  test("the file is read at every request: a change made by tgcf is served at once", async () => {
    await post(defaultConfig());
    const before = await server.api("/api/config");
    writeFileSync(configPath(), TGCF_DEFAULT_BYTES.replace('"offset": 0', '"offset": 0').replace('"forwards": []', '"forwards": [{"con_name": "x", "source": 1, "dest": [2], "offset": 777}]'));
    const after = await server.api("/api/config");
    expect((await after.json()).forwards[0].offset).toBe(777);
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
  });

  test("a file read from disk is accepted wherever tgcf's model accepts it; the next write stores canonical types", async () => {
    writeFileSync(configPath(), JSON.stringify({ login: { API_ID: " 123 ", user_type: true }, admins: ["-100123"], past: { delay: 500 }, future_key: { kept: 1 } }));
    const response = await server.api("/api/config");
    expect(response.status).toBe(200);
    const config = await response.json();
    expect(config.login.API_ID).toBe(123);
    expect(config.login.user_type).toBe(1);
    expect(config.admins).toEqual([-100123]);
    expect(config.past.delay).toBe(100);
    expect(config.future_key).toEqual({ kept: 1 });
    await patch({ theme: "dark" });
    const stored = JSON.parse(fileText());
    expect(stored.login.API_ID).toBe(123);
    expect(stored.future_key).toEqual({ kept: 1 });
  });

  test("YAML on request, by Accept or ?format=yaml", async () => {
    const byAccept = await server.api("/api/config", { headers: { accept: "application/yaml" } });
    expect(byAccept.headers.get("content-type")).toStartWith("application/yaml");
    const text = await byAccept.text();
    expect(text).toContain("delete_on_edit: .deleteMe");
    expect(await (await server.api("/api/config?format=yaml")).text()).toBe(text);
  });

  test("the schema is served as JSON Schema with descriptions and defaults", async () => {
    const schema = await (await server.api("/api/config/schema")).json();
    expect(schema.type).toBe("object");
    expect(schema.properties.login.properties.API_ID.default).toBe(0);
    expect(typeof schema.properties.forwards.description).toBe("string");
    expect(schema.properties.plugins.properties.fmt.properties.style.enum ?? schema.properties.plugins.properties.fmt.properties.style.anyOf).toBeTruthy();
  });
});

describe("saving", () => {
  test("a full round trip writes the file exactly as tgcf's own model writes it", async () => {
    const saved = await post(defaultConfig());
    expect(saved.status).toBe(200);
    expect(fileText()).toBe(TGCF_DEFAULT_BYTES);

    const config = fullConfig();
    const response = await post(config);
    expect(response.status).toBe(200);
    const stored = JSON.parse(fileText());
    expect(stored).toEqual(config);
    expect(fileText()).toContain('"\\u00fcn\\u00efc\\u00f6d\\u00e9 \\u2713"');
    expect(fileText()).not.toContain("\n");
  });

  test("secrets never leave the server, and sending the placeholder back keeps them", async () => {
    const config = fullConfig();
    const saved = await (await post(config)).json();
    expect(saved.login.API_HASH).toBe(SECRET_PLACEHOLDER);
    expect(saved.login.SESSION_STRING).toBe(SECRET_PLACEHOLDER);
    expect(saved.login.BOT_TOKEN).toBe("");
    expect(saved.plugins.sender.BOT_TOKEN).toBe(SECRET_PLACEHOLDER);
    const read = await (await server.api("/api/config")).text();
    for (const secret of ["0123456789abcdef0123456789abcdef", "1BVtsOK-secret-session", "123:sender-bot-token"]) expect(read).not.toContain(secret);

    const readBack = JSON.parse(read);
    readBack.theme = "dark";
    expect((await post(readBack)).status).toBe(200);
    const stored = JSON.parse(fileText());
    expect(stored.login.SESSION_STRING).toBe("1BVtsOK-secret-session");
    expect(stored.plugins.sender.BOT_TOKEN).toBe("123:sender-bot-token");
    expect(stored.theme).toBe("dark");

    await patch({ login: { SESSION_STRING: "" } });
    expect(JSON.parse(fileText()).login.SESSION_STRING).toBe("");
    expect(JSON.parse(fileText()).login.API_HASH).toBe("0123456789abcdef0123456789abcdef");
  });

  test("PATCH applies an RFC 7396 merge patch: objects merge, arrays are replaced, null restores the default", async () => {
    await post(fullConfig());
    const response = await patch({ live: { delete_sync: true }, admins: [1], past: null });
    expect(response.status).toBe(200);
    const stored = JSON.parse(fileText());
    expect(stored.live).toEqual({ sequential_updates: false, delete_sync: true, delete_on_edit: ".deleteMe" });
    expect(stored.admins).toEqual([1]);
    expect(stored.past).toEqual({ delay: 0 });
    expect(stored.forwards).toEqual(fullConfig().forwards);
  });

  test("POST and PATCH accept YAML", async () => {
    const yamlDoc = "login:\n  API_ID: 42\nforwards:\n  - con_name: y\n    source: '@chan'\n    dest: [-100555]\n";
    const response = await server.api("/api/config", { method: "POST", headers: { "content-type": "application/yaml" }, body: yamlDoc });
    expect(response.status).toBe(200);
    expect(JSON.parse(fileText()).forwards[0]).toEqual({ con_name: "y", use_this: true, source: "@chan", dest: [-100555], offset: 0, end: 0 });
    const patched = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/yaml" }, body: "theme: dark\n" });
    expect(patched.status).toBe(200);
    expect(JSON.parse(fileText()).theme).toBe("dark");
  });

  test("keys tgcf's model doesn't know are kept", async () => {
    const config = { ...defaultConfig(), new_tgcf_option: { a: [1, 2] } };
    (config.login as Record<string, unknown>).NEW_LOGIN_FIELD = "x";
    await post(config);
    const stored = JSON.parse(fileText());
    expect(stored.new_tgcf_option).toEqual({ a: [1, 2] });
    expect(stored.login.NEW_LOGIN_FIELD).toBe("x");
  });

  test("every invalid value is reported as {path, message} with 422, and nothing is written", async () => {
    await post(defaultConfig());
    const before = fileText();
    const response = await patch({ login: { API_ID: "123" }, mode: 3, forwards: [{ dest: [1, { x: 1 }] }], past: { delay: 101 }, plugins: { fmt: { style: "shouty" } } });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toContain("not valid");
    const paths = body.details.map((detail: { path: string }) => detail.path).sort();
    expect(paths).toEqual(["/forwards/0/dest/1", "/login/API_ID", "/mode", "/past/delay", "/plugins/fmt/style"]);
    for (const detail of body.details) expect(detail.message.length).toBeGreaterThan(5);
    expect(fileText()).toBe(before);
  });
});

describe("conflicts", () => {
  test("a save with a stale If-Match answers 412 and writes nothing; a fresh one succeeds", async () => {
    const first = await post(defaultConfig());
    const etag = first.headers.get("etag")!;
    const second = await patch({ theme: "dark" }, { "if-match": etag });
    expect(second.status).toBe(200);
    const before = fileText();
    const stale = await patch({ theme: "light" }, { "if-match": etag });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error).toContain("changed since you read it");
    expect(fileText()).toBe(before);
    expect((await patch({ theme: "light" }, { "if-match": second.headers.get("etag")! })).status).toBe(200);
  });

  test("100 parallel PATCHes without If-Match are each applied in turn", async () => {
    await post(defaultConfig());
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => patch({ [`parallel_${i}`]: i })));
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(200));
    const stored = JSON.parse(fileText());
    for (let i = 0; i < 100; i++) expect(stored[`parallel_${i}`]).toBe(i);
  });

  test("100 parallel PATCHes with the same If-Match: one wins, the others get 412, none is lost silently", async () => {
    const etag = (await post(defaultConfig())).headers.get("etag")!;
    const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => patch({ [`stale_${i}`]: i }, { "if-match": etag })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 412)).toHaveLength(99);
    const stored = JSON.parse(fileText());
    const written = Object.keys(stored).filter((key) => key.startsWith("stale_"));
    expect(written).toHaveLength(1);
    expect(statuses[Number(written[0]!.slice("stale_".length))]).toBe(200);
  });
});

describe("a damaged file", () => {
  test("GET answers 422 with the errors and the raw text (secrets redacted); PATCH refuses; nothing overwrites it on its own", async () => {
    const damaged = '{"login": {"API_ID": 1, "BOT_TOKEN": "123:real-bot-token"},\n "admins": [1, 2,, ]}';
    writeFileSync(configPath(), damaged);
    const response = await server.api("/api/config");
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.details.errors[0].message).toMatch(/line 2/);
    expect(body.details.raw).toContain('"BOT_TOKEN": "********"');
    expect(body.details.raw).not.toContain("real-bot-token");
    expect((await patch({ theme: "dark" })).status).toBe(409);
    expect(readFileSync(configPath(), "utf8")).toBe(damaged);
  });

  test("a full save repairs it, keeping a secret sent back as the placeholder when the file is still JSON", async () => {
    writeFileSync(configPath(), JSON.stringify({ login: { API_ID: "abc", BOT_TOKEN: "123:real-bot-token" } }));
    const invalid = await server.api("/api/config");
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).details.errors[0].path).toBe("/login/API_ID");
    const response = await post({ login: { API_ID: 5, BOT_TOKEN: SECRET_PLACEHOLDER } });
    expect(response.status).toBe(200);
    expect(JSON.parse(fileText()).login.BOT_TOKEN).toBe("123:real-bot-token");
    expect(readdirSync(join(server.dataDir, "backups"))).toHaveLength(1);
  });
});

describe("bad input", () => {
  test("a body over 1 MiB: 413", async () => {
    const big = JSON.stringify({ theme: "x".repeat(1024 * 1024 + 10) });
    const response = await server.api("/api/config", { method: "POST", headers: { "content-type": "application/json" }, body: big });
    expect(response.status).toBe(413);
    expect((await response.json()).error).toContain("too large");
  });

  test("a chunked body over 1 MiB without a length: 413", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent++ > 20) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await server.api("/api/config", { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
  });

  test("malformed JSON: 400 with line and column", async () => {
    const response = await server.api("/api/config", { method: "POST", headers: { "content-type": "application/json" }, body: '{\n  "theme": "dark",\n  oops\n}' });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.details).toEqual({ line: 3, column: 3 });
    expect(body.error).toContain("line 3, column 3");
  });

  test("malformed YAML: 400 with line and column; an alias bomb is refused", async () => {
    const response = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/yaml" }, body: "theme: dark\nlogin: [unclosed\n" });
    expect(response.status).toBe(400);
    expect((await response.json()).details.line).toBeGreaterThan(0);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    const bombed = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/yaml" }, body: bomb });
    expect(bombed.status).toBe(400);
  });

  test("an unsupported content type: 415", async () => {
    const response = await server.api("/api/config", { method: "POST", headers: { "content-type": "text/plain" }, body: "theme=dark" });
    expect(response.status).toBe(415);
    const form = await server.api("/api/config", { method: "PATCH", body: new URLSearchParams({ theme: "dark" }) });
    expect(form.status).toBe(415);
  });

  test("__proto__, constructor and prototype keys never reach a prototype", async () => {
    const body = '{"__proto__": {"polluted": true}, "login": {"__proto__": {"API_ID": 99}}, "constructor": {"prototype": {"polluted": true}}}';
    const response = await server.api("/api/config", { method: "POST", headers: { "content-type": "application/json" }, body });
    expect([200, 422]).toContain(response.status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const config = await (await server.api("/api/config")).json();
    expect(config.login.API_ID).toBe(0);
    expect(config.polluted).toBeUndefined();
  });

  test("a config that is not an object: 422", async () => {
    const response = await post([1, 2]);
    expect(response.status).toBe(422);
    expect((await response.json()).details[0].path).toBe("");
  });
});

describe("backups", () => {
  test("every write keeps the previous version; list, read (redacted) and restore (itself backed up)", async () => {
    await post({ ...defaultConfig(), theme: "first" });
    await post({ ...fullConfig(), theme: "second" });
    await patch({ theme: "third" });
    const list = await (await server.api("/api/config/backups")).json();
    expect(list).toHaveLength(2);
    expect(list[0].createdAt >= list[1].createdAt).toBe(true);

    const newest = await (await server.api(`/api/config/backups/${list[0].id}`)).json();
    expect(newest.state).toBe("ok");
    expect(newest.config.theme).toBe("second");
    expect(newest.config.login.SESSION_STRING).toBe(SECRET_PLACEHOLDER);

    const restored = await server.api(`/api/config/backups/${list[1].id}/restore`, { method: "POST" });
    expect(restored.status).toBe(200);
    expect(JSON.parse(fileText()).theme).toBe("first");
    expect(await (await server.api("/api/config/backups")).json()).toHaveLength(3);
  });

  test("backup ids are validated: traversal attempts never reach the file system", async () => {
    writeFileSync(join(server.dataDir, "secret.txt"), "do not serve");
    for (const id of ["..%2Fsecret.txt", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "....", "20260101T000000000Z%00", "x".repeat(300)]) {
      const response = await server.api(`/api/config/backups/${id}`);
      expect([400, 404]).toContain(response.status);
      expect(await response.text()).not.toContain("do not serve");
    }
    expect((await server.api("/api/config/backups/not-an-id")).status).toBe(400);
    expect((await server.api("/api/config/backups/20260101T000000000Z")).status).toBe(404);
    expect((await server.api("/api/config/backups/..%2Fsecret.txt/restore", { method: "POST" })).status).toBe(400);
  });
});

test("a browser session can save through the cookie", async () => {
  const cookie = await signIn(server);
  const response = await server.api("/api/config", { method: "PATCH", headers: { authorization: "", cookie, origin: server.origin, "content-type": "application/json" }, body: '{"theme":"dark"}' });
  expect(response.status).toBe(200);
});
