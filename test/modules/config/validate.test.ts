import { describe, expect, test } from "bun:test";
import { defaultConfig } from "../../../src/modules/config/model";
import { validateConfigInput } from "../../../src/modules/config/validate";

function errorsOf(input: unknown) {
  const result = validateConfigInput(input);
  if (result.ok) throw new Error("expected validation errors");
  return result.errors;
}

function configOf(input: unknown) {
  const result = validateConfigInput(input);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.config;
}

describe("validateConfigInput", () => {
  test("an empty object gives tgcf's defaults", () => {
    expect(configOf({})).toEqual(defaultConfig());
  });

  test("missing fields take defaults at every depth, inside each forward too", () => {
    const config = configOf({ login: { API_ID: 5 }, forwards: [{ source: "@news_a" }, {}], plugins: { mark: { check: true } } });
    expect(config.login).toEqual({ ...defaultConfig().login, API_ID: 5 });
    expect(config.forwards).toEqual([
      { con_name: "", use_this: true, source: "@news_a", dest: [], offset: 0, end: 0 },
      { con_name: "", use_this: true, source: "", dest: [], offset: 0, end: 0 },
    ]);
    expect(config.plugins.mark).toEqual({ check: true, image: "image.png", position: "centre", frame_rate: 15 });
  });

  test("values of the wrong type are refused, each with its JSON pointer, all of them reported", () => {
    expect(
      errorsOf({
        pid: "123",
        login: { API_ID: 1.5, user_type: 2 },
        forwards: [{ dest: [1, null, {}] }, "x"],
        show_forwarded_from: 1,
        past: { delay: 101 },
        plugins: { fmt: { style: "BOLD" }, filter: { files: { blacklist: ["photo", "pdf"] } }, replace: { text: { "a/b": 1 } } },
        bot_messages: [],
      }),
    ).toEqual([
      { path: "/pid", message: "must be a whole number" },
      { path: "/login/API_ID", message: "must be a whole number" },
      { path: "/login/user_type", message: "must be one of: 0, 1" },
      { path: "/forwards/0/dest/1", message: "must be a numeric chat id, an @username or a t.me link" },
      { path: "/forwards/0/dest/2", message: "must be a numeric chat id, an @username or a t.me link" },
      { path: "/forwards/1", message: "must be an object" },
      { path: "/show_forwarded_from", message: "must be true or false" },
      { path: "/past/delay", message: "must be a whole number from 0 to 100" },
      { path: "/plugins/filter/files/blacklist/1", message: "must be one of: audio, gif, video, video_note, sticker, contact, photo, document, nofile" },
      { path: "/plugins/fmt/style", message: "must be one of: bold, italics, code, strike, plain, preserve" },
      { path: "/plugins/replace/text/a~1b", message: "must be text" },
      { path: "/bot_messages", message: "must be an object" },
    ]);
  });

  test("a document that is not an object is refused at the root", () => {
    for (const input of [null, [], "config", 3]) expect(errorsOf(input)).toEqual([{ path: "", message: "must be an object" }]);
  });

  test("integers JavaScript cannot hold exactly are refused", () => {
    expect(errorsOf({ login: { API_ID: 2 ** 60 } })[0]?.path).toBe("/login/API_ID");
  });

  test("numeric text in source, dest and admins becomes a number as tgcf does; other text stays", () => {
    const config = configOf({
      admins: ["123", "@boss", " 7 "],
      forwards: [{ source: "-1001234", dest: ["-1005678", "@channel", "https://t.me/mirror_x", 42, "99999999999999999999"] }],
    });
    expect(config.admins).toEqual([123, "@boss", 7]);
    expect(config.forwards[0]?.source).toBe(-1001234);
    expect(config.forwards[0]?.dest).toEqual([-1005678, "@channel", "https://t.me/mirror_x", 42, "99999999999999999999"]);
  });

  test("chats must be a numeric id, an @username or a t.me link; text tgcf would fail on at run time is refused", () => {
    const config = configOf({ forwards: [{ source: "t.me/some_channel", dest: ["@mirror_1", "https://t.me/+AbCdEf123", "-100123", "me", "t.me/joinchat/AAAA-bbb"] }] });
    expect(config.forwards[0]?.dest).toEqual(["@mirror_1", "https://t.me/+AbCdEf123", -100123, "me", "t.me/joinchat/AAAA-bbb"]);
    expect(errorsOf({ forwards: [{ source: "hello world!", dest: ["mirror_channel", "@x"] }], admins: ["https://example.com/x"] })).toEqual([
      { path: "/admins/0", message: expect.stringContaining("an @username, or a t.me link") },
      { path: "/forwards/0/source", message: expect.stringContaining("numeric chat id") },
      { path: "/forwards/0/dest/0", message: "write the username with its @: @mirror_channel" },
      { path: "/forwards/0/dest/1", message: expect.stringContaining("an @username") },
    ]);
  });

  test("the API ID is a positive number (0 while not set)", () => {
    expect(errorsOf({ login: { API_ID: -5 } })).toEqual([{ path: "/login/API_ID", message: expect.stringContaining("positive number") }]);
    expect(configOf({ login: { API_ID: 0 } }).login.API_ID).toBe(0);
  });

  test("tgcf's optional fields accept null", () => {
    const config = configOf({ forwards: [{ end: null }], live: { delete_on_edit: null } });
    expect(config.forwards[0]?.end).toBeNull();
    expect(config.live.delete_on_edit).toBeNull();
    expect(errorsOf({ live: { delete_on_edit: 5 } })).toEqual([{ path: "/live/delete_on_edit", message: "must be text, or none (null)" }]);
  });

  test("unknown keys are kept at every level, after the known ones", () => {
    const config = configOf({ zeta: 1, login: { extra: { deep: [true] } }, forwards: [{ note: "mine", source: "@news_a" }] });
    expect(Object.keys(config).at(-1)).toBe("zeta");
    expect((config as Record<string, unknown>).zeta).toBe(1);
    expect((config.login as Record<string, unknown>).extra).toEqual({ deep: [true] });
    expect((config.forwards[0] as Record<string, unknown>).note).toBe("mine");
  });

  test("values JSON cannot hold are refused even under unknown keys", () => {
    expect(errorsOf({ extra: { ratio: Number.NaN, when: new Date(0) } })).toEqual([
      { path: "/extra/ratio", message: "must be a finite number" },
      { path: "/extra/when", message: "is not a JSON value (date)" },
    ]);
  });

  test("a __proto__ key is dropped and reaches no prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "login": {"__proto__": {"polluted": true}}}');
    const config = configOf(input);
    expect(Object.keys(config)).not.toContain("__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(config.login)).toBe(Object.prototype);
  });

  test("the input is not modified", () => {
    const input = { admins: ["123"], forwards: [{ source: "-100", dest: ["5"] }], login: {} };
    const before = structuredClone(input);
    configOf(input);
    expect(input).toEqual(before);
  });

  test("the result shares no objects with the input", () => {
    const input = { extra: { list: [1] }, forwards: [{ dest: ["@news_a"] }] };
    const config = configOf(input) as unknown as typeof input;
    config.extra.list.push(2);
    config.forwards[0]?.dest.push("@news_b");
    expect(input).toEqual({ extra: { list: [1] }, forwards: [{ dest: ["@news_a"] }] });
  });
});
