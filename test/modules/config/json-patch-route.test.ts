// PATCH /api/config with an RFC 6902 JSON Patch, and what every save and read says about the config, over real HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, type TestServer } from "../../helpers/server";
import { defaultConfig } from "../../../src/modules/config/model";
import { MAX_BODY_BYTES } from "../../../src/utils/body-limit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const configPath = () => join(server.dataDir, "tgcf.config.json");
const onDisk = () => JSON.parse(readFileSync(configPath(), "utf8"));

function jsonPatch(operations: unknown, headers: Record<string, string> = {}) {
  return server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json-patch+json", ...headers }, body: JSON.stringify(operations) });
}

const base = () => {
  const config = defaultConfig();
  config.login = { ...config.login, API_ID: 1234, API_HASH: "0123456789abcdef0123456789abcdef", BOT_TOKEN: "123:secret-token" };
  config.forwards = [
    { con_name: "a", use_this: true, source: -1001, dest: [-1002, -1003], offset: 4242, end: 0 },
    { con_name: "b", use_this: true, source: -1004, dest: [-1005], offset: 7, end: null },
  ];
  return config;
};

beforeEach(async () => {
  const response = await server.api("/api/config", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(base()) });
  expect(response.status).toBe(200);
});

describe("JSON Patch", () => {
  test("replace one destination inside an array, guarded by a test: nothing else moves, offsets included", async () => {
    const response = await jsonPatch([
      { op: "test", path: "/forwards/1/dest/0", value: -1005 },
      { op: "replace", path: "/forwards/1/dest/0", value: -1009 },
    ]);
    expect(response.status).toBe(200);
    const file = onDisk();
    expect(file.forwards[1].dest).toEqual([-1009]);
    expect(file.forwards[0]).toEqual(base().forwards[0]);
    expect(file.forwards[1].offset).toBe(7);
    expect(file.login.BOT_TOKEN).toBe("123:secret-token");
    expect((await response.json()).login.BOT_TOKEN).toBe("********");
  });

  test("a change made meanwhile (tgcf moved an offset) is kept, and a stale test on that field is a 409 naming it", async () => {
    const file = onDisk();
    file.forwards[0].offset = 5000;
    writeFileSync(configPath(), JSON.stringify(file));
    expect((await jsonPatch([{ op: "test", path: "/forwards/0/con_name", value: "a" }, { op: "replace", path: "/forwards/0/con_name", value: "renamed" }])).status).toBe(200);
    expect(onDisk().forwards[0]).toMatchObject({ con_name: "renamed", offset: 5000 });

    const conflict = await jsonPatch([
      { op: "test", path: "/forwards/0/offset", value: 4242 },
      { op: "test", path: "/forwards/0/con_name", value: "a" },
      { op: "replace", path: "/forwards/0/offset", value: 0 },
    ]);
    expect(conflict.status).toBe(409);
    const body = await conflict.json();
    expect(body.details.map((detail: { path: string }) => detail.path)).toEqual(["/forwards/0/offset", "/forwards/0/con_name"]);
    expect(onDisk().forwards[0].offset).toBe(5000);
  });

  test("null can be set where tgcf's model allows it: delete on edit off, no end", async () => {
    const response = await jsonPatch([
      { op: "replace", path: "/live/delete_on_edit", value: null },
      { op: "replace", path: "/forwards/0/end", value: null },
    ]);
    expect(response.status).toBe(200);
    expect(onDisk().live.delete_on_edit).toBeNull();
    expect(onDisk().forwards[0].end).toBeNull();
    // A merge patch keeps its standard meaning: null removes the key, so the default comes back.
    await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ live: { delete_on_edit: null } }) });
    expect(onDisk().live.delete_on_edit).toBe(".deleteMe");
  });

  test("every operation: add, remove, move, copy", async () => {
    const response = await jsonPatch([
      { op: "add", path: "/forwards/-", value: { con_name: "c", source: "@chan_c", dest: ["@out_c"] } },
      { op: "copy", from: "/forwards/0/dest", path: "/admins" },
      { op: "remove", path: "/forwards/0/dest/1" },
      { op: "move", from: "/forwards/1", path: "/forwards/0" },
    ]);
    expect(response.status).toBe(200);
    const file = onDisk();
    expect(file.forwards.map((forward: { con_name: string }) => forward.con_name)).toEqual(["b", "a", "c"]);
    expect(file.forwards[1].dest).toEqual([-1002]);
    expect(file.admins).toEqual([-1002, -1003]);
    expect(file.forwards[2]).toMatchObject({ use_this: true, offset: 0 });
  });

  test("the result goes through the same validation as every save: 422 at the field, the file untouched", async () => {
    const before = readFileSync(configPath(), "utf8");
    const response = await jsonPatch([{ op: "replace", path: "/mode", value: "past" }]);
    expect(response.status).toBe(422);
    expect((await response.json()).details).toEqual([expect.objectContaining({ path: "/mode" })]);
    expect(readFileSync(configPath(), "utf8")).toBe(before);
  });

  test("bad pointers are 422 with the path, bad operations 400 with the index, prototype keys refused", async () => {
    const missing = await jsonPatch([{ op: "replace", path: "/forwards/9/dest", value: [] }]);
    expect(missing.status).toBe(422);
    expect((await missing.json()).details[0].path).toBe("/forwards/9/dest");
    for (const bad of [{ op: "rename", path: "/mode" }, { op: "replace", path: "mode", value: 1 }, { op: "add", path: "/__proto__/x", value: 1 }]) {
      const response = await jsonPatch([bad]);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      expect((await response.json()).details[0].path).toBe("/0");
    }
    expect((await jsonPatch({ op: "replace" })).status).toBe(400);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test("secrets: a test compares the placeholder the client read; replacing the placeholder keeps the secret", async () => {
    expect((await jsonPatch([{ op: "test", path: "/login/BOT_TOKEN", value: "********" }, { op: "replace", path: "/login/API_ID", value: 99 }])).status).toBe(200);
    expect(onDisk().login).toMatchObject({ API_ID: 99, BOT_TOKEN: "123:secret-token" });
  });

  test("If-Match still guards it, and a body over the limit is 413", async () => {
    expect((await jsonPatch([{ op: "replace", path: "/mode", value: 1 }], { "if-match": '"stale"' })).status).toBe(412);
    const huge = [{ op: "add", path: "/x", value: "y".repeat(MAX_BODY_BYTES) }];
    expect((await jsonPatch(huge)).status).toBe(413);
  });

  test("a short patch cannot grow the config without bound by copying one value again and again (413, nothing written)", async () => {
    const big = "z".repeat(400_000);
    expect((await jsonPatch([{ op: "add", path: "/bot_messages/start", value: big }])).status).toBe(200);
    const before = readFileSync(configPath(), "utf8");
    const copies = Array.from({ length: 60 }, (_, n) => ({ op: "copy", from: "/bot_messages/start", path: `/x${n}` }));
    const response = await jsonPatch(copies);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toContain("copies more than");
    expect(readFileSync(configPath(), "utf8")).toBe(before);
    // A copy of an ordinary size is still fine.
    expect((await jsonPatch([{ op: "copy", from: "/forwards/0", path: "/forwards/-" }])).status).toBe(200);
  });
});

describe("values tgcf accepts but the forms cannot show", () => {
  test("mode 5 and user_type 2 on disk do not block a save of another field, and are kept as they are", async () => {
    const file = onDisk();
    file.mode = 5;
    file.login.user_type = 2;
    writeFileSync(configPath(), JSON.stringify(file));
    const read = await (await server.api("/api/config?with=warnings")).json();
    expect(read.config.mode).toBe(5);
    const response = await jsonPatch([{ op: "replace", path: "/forwards/0/con_name", value: "still saves" }]);
    expect(response.status).toBe(200);
    expect(onDisk()).toMatchObject({ mode: 5, login: { user_type: 2 }, forwards: [{ con_name: "still saves" }, {}] });
    const merge = await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ past: { delay: 3 } }) });
    expect(merge.status).toBe(200);
    // An odd value inside an array (a chat tgcf accepts but the API would refuse) is kept the same way.
    const withOddChat = onDisk();
    withOddChat.forwards[1].dest = ["@x"];
    writeFileSync(configPath(), JSON.stringify(withOddChat));
    expect((await jsonPatch([{ op: "replace", path: "/forwards/0/dest", value: [-1009] }])).status).toBe(200);
    expect(onDisk().forwards.map((forward: { dest: unknown[] }) => forward.dest)).toEqual([[-1009], ["@x"]]);
    // Changing the odd value itself is validated as usual.
    expect((await jsonPatch([{ op: "replace", path: "/mode", value: 7 }])).status).toBe(422);
    expect((await jsonPatch([{ op: "replace", path: "/mode", value: 1 }])).status).toBe(200);
  });
});

describe("warnings", () => {
  test("typos tgcf would ignore are kept, each warned about at its path with the key it probably means", async () => {
    const response = await server.api("/api/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ plugins: { filters: { check: true }, caption: { chek: true } }, login: { api_id: 5 } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-config-warnings")).toBe("3");
    const { config, warnings } = await (await server.api("/api/config?with=warnings")).json();
    expect(config.plugins.filters).toEqual({ check: true });
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "/plugins/filters", kind: "unknown-key", message: expect.stringContaining("did you mean /plugins/filter?") }),
        expect.objectContaining({ path: "/plugins/caption/chek", message: expect.stringContaining("/plugins/caption/check") }),
        expect.objectContaining({ path: "/login/api_id", message: expect.stringContaining("/login/API_ID") }),
      ]),
    );
    // The seed's body is still the config itself.
    expect((await (await server.api("/api/config")).json()).plugins.filters).toEqual({ check: true });
  });

  test("adjustments made when reading the file are reported (delay 500 is read as 100)", async () => {
    const file = onDisk();
    file.past.delay = 500;
    writeFileSync(configPath(), JSON.stringify(file));
    const { config, warnings } = await (await server.api("/api/config?with=warnings")).json();
    expect(config.past.delay).toBe(100);
    expect(warnings).toContainEqual(expect.objectContaining({ path: "/past/delay", kind: "adjusted" }));
  });

  test("the sender plugin with Show forwarded from on is warned about", async () => {
    await server.api("/api/config", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ show_forwarded_from: true, plugins: { sender: { check: true, BOT_TOKEN: "1:x" } } }) });
    const { warnings } = await (await server.api("/api/config?with=warnings")).json();
    expect(warnings).toContainEqual(expect.objectContaining({ path: "/show_forwarded_from", kind: "plugin" }));
  });
});

test("text_raw follows text for the replace plugin, the way tgcf's own Plugins page reads it", async () => {
  const rules = { "old word": "new", 'say "hi"': "bye\nnow", "ünï": "✓" };
  expect((await jsonPatch([{ op: "replace", path: "/plugins/replace/text", value: rules }])).status).toBe(200);
  const raw = onDisk().plugins.replace.text_raw;
  expect(Bun.YAML.parse(raw)).toEqual(rules);
  expect((await jsonPatch([{ op: "replace", path: "/plugins/replace/text", value: {} }])).status).toBe(200);
  expect(onDisk().plugins.replace.text_raw).toBe("");
});
