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
    const config = configOf({ login: { API_ID: 5 }, forwards: [{ source: "@a" }, {}], plugins: { mark: { check: true } } });
    expect(config.login).toEqual({ ...defaultConfig().login, API_ID: 5 });
    expect(config.forwards).toEqual([
      { con_name: "", use_this: true, source: "@a", dest: [], offset: 0, end: 0 },
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
      { path: "/pid", message: "must be an integer" },
      { path: "/login/API_ID", message: "must be an integer" },
      { path: "/login/user_type", message: "must be one of: 0, 1" },
      { path: "/forwards/0/dest/1", message: "must be a numeric chat id or a text such as @username or a link" },
      { path: "/forwards/0/dest/2", message: "must be a numeric chat id or a text such as @username or a link" },
      { path: "/forwards/1", message: "must be an object" },
      { path: "/show_forwarded_from", message: "must be true or false" },
      { path: "/past/delay", message: "must be between 0 and 100" },
      { path: "/plugins/filter/files/blacklist/1", message: "must be one of: audio, gif, video, video_note, sticker, contact, photo, document, nofile" },
      { path: "/plugins/fmt/style", message: "must be one of: bold, italics, code, strike, plain, preserve" },
      { path: "/plugins/replace/text/a~1b", message: "must be a string" },
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
      forwards: [{ source: "-1001234", dest: ["-1005678", "@channel", "https://t.me/x", 42, "99999999999999999999"] }],
    });
    expect(config.admins).toEqual([123, "@boss", 7]);
    expect(config.forwards[0]?.source).toBe(-1001234);
    expect(config.forwards[0]?.dest).toEqual([-1005678, "@channel", "https://t.me/x", 42, "99999999999999999999"]);
  });

  test("tgcf's optional fields accept null", () => {
    const config = configOf({ forwards: [{ end: null }], live: { delete_on_edit: null } });
    expect(config.forwards[0]?.end).toBeNull();
    expect(config.live.delete_on_edit).toBeNull();
    expect(errorsOf({ live: { delete_on_edit: 5 } })).toEqual([{ path: "/live/delete_on_edit", message: "must be a string or null" }]);
  });

  test("unknown keys are kept at every level, after the known ones", () => {
    const config = configOf({ zeta: 1, login: { extra: { deep: [true] } }, forwards: [{ note: "mine", source: "@a" }] });
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
    const input = { extra: { list: [1] }, forwards: [{ dest: ["@a"] }] };
    const config = configOf(input) as unknown as typeof input;
    config.extra.list.push(2);
    config.forwards[0]?.dest.push("@b");
    expect(input).toEqual({ extra: { list: [1] }, forwards: [{ dest: ["@a"] }] });
  });
});
