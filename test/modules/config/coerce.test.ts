import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { coerceConfigFromDisk } from "../../../src/modules/config/coerce";
import { defaultConfig } from "../../../src/modules/config/model";

const FIXTURES = join(import.meta.dir, "../../fixtures/tgcf");

function coerced(input: unknown) {
  const result = coerceConfigFromDisk(input);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result;
}

function refused(input: unknown) {
  const result = coerceConfigFromDisk(input);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("coerceConfigFromDisk", () => {
  test("the file tgcf writes reads as the defaults with no warnings", () => {
    const text = readFileSync(join(FIXTURES, "default-config.as-written-by-tgcf.json"), "utf8");
    expect(coerced(JSON.parse(text))).toEqual({ ok: true, config: defaultConfig(), warnings: [] });
  });

  test("integers accept what Python's int() accepts: numeric text, booleans, floats (truncated)", () => {
    const cases: Array<[unknown, number]> = [["123", 123], [" 12 ", 12], ["+5", 5], ["1_000", 1000], ["١٢", 12], [true, 1], [false, 0], [1.9, 1], [-1.9, -1]];
    for (const [given, expected] of cases) {
      expect({ given, read: coerced({ pid: given }).config.pid }).toEqual({ given, read: expected });
    }
  });

  test("integers refuse text that is not an integer, null and containers", () => {
    for (const given of ["abc", "1.5", "", "1__0", null, [], {}]) {
      expect({ given, errors: refused({ pid: given }) }).toEqual({ given, errors: [{ path: "/pid", message: "must be a whole number" }] });
    }
  });

  test("mode and user_type accept any integer, with a warning when it is neither 0 nor 1", () => {
    const result = coerced({ mode: 7, login: { user_type: "1" }, plugins: { sender: { user_type: 3 } } });
    expect([result.config.mode, result.config.login.user_type, result.config.plugins.sender.user_type]).toEqual([7, 1, 3] as never);
    expect(result.warnings.filter((warning) => warning.includes("neither"))).toHaveLength(2);
  });

  test("past.delay is clamped into 0..100 with a warning", () => {
    expect(coerced({ past: { delay: 150 } }).config.past.delay).toBe(100);
    const below = coerced({ past: { delay: "-3" } });
    expect(below.config.past.delay).toBe(0);
    expect(below.warnings).toContain('/past/delay: "-3" is outside 0..100; tgcf uses 0');
  });

  test("strings accept numbers and booleans as Python's str() writes them", () => {
    const cases: Array<[unknown, string]> = [[12, "12"], [1.5, "1.5"], [1e-5, "1e-05"], [1.1e17, "1.1e+17"], [true, "True"], [false, "False"]];
    for (const [given, expected] of cases) {
      expect({ given, read: coerced({ theme: given }).config.theme }).toEqual({ given, read: expected });
    }
    expect(refused({ theme: null })).toEqual([{ path: "/theme", message: "must be text" }]);
  });

  test("booleans accept pydantic v1's words and 0/1", () => {
    const truthy = [true, 1, "1", "on", "t", "true", "y", "yes", "YES", "True"];
    const falsy = [false, 0, "0", "off", "f", "false", "n", "no", "No"];
    for (const given of truthy) expect({ given, read: coerced({ show_forwarded_from: given }).config.show_forwarded_from }).toEqual({ given, read: true });
    for (const given of falsy) expect({ given, read: coerced({ show_forwarded_from: given }).config.show_forwarded_from }).toEqual({ given, read: false });
    for (const given of [2, " true", "yep", null]) expect(refused({ show_forwarded_from: given })[0]?.message).toBe("must be true or false");
  });

  test("source, dest and admins try int() first, as tgcf's Union[int, str]", () => {
    const config = coerced({ admins: ["12", "@boss", true], forwards: [{ source: " -1001234 ", dest: [1.9, "@x", "-5"] }] }).config;
    expect(config.admins).toEqual([12, "@boss", 1]);
    expect(config.forwards[0]?.source).toBe(-1001234);
    expect(config.forwards[0]?.dest).toEqual([1, "@x", -5]);
    expect(refused({ admins: [null] })[0]?.path).toBe("/admins/0");
  });

  test("enums take exact values only", () => {
    expect(refused({ plugins: { fmt: { style: "Bold" } } })[0]?.path).toBe("/plugins/fmt/style");
    expect(coerced({ plugins: { mark: { position: "top_left" } } }).config.plugins.mark.position).toBe("top_left");
  });

  test("objects may be given as lists of pairs, as Python's dict() allows", () => {
    const config = coerced({ login: [["API_ID", "9"], "xy"], plugins: { replace: { text: [["a", 1], ["b", true]] } } }).config;
    expect(config.login.API_ID).toBe(9);
    expect((config.login as Record<string, unknown>).x).toBe("y");
    expect(config.plugins.replace.text).toEqual({ a: "1", b: "True" });
    expect(refused({ login: [["API_ID"]] })).toEqual([{ path: "/login", message: "must be an object" }]);
  });

  test("missing fields take defaults and unknown keys are kept", () => {
    const config = coerced({ forwards: [{ source: "@a", extra: 1 }], future_option: { x: [1] } }).config;
    expect(config.forwards[0]).toEqual({ con_name: "", use_this: true, source: "@a", dest: [], offset: 0, end: 0, extra: 1 } as never);
    expect((config as Record<string, unknown>).future_option).toEqual({ x: [1] });
  });

  test("every refused field is reported, each with its pointer", () => {
    expect(refused({ pid: "x", forwards: [{ offset: "y", dest: "z" }], live: null }).map((error) => error.path)).toEqual([
      "/pid",
      "/forwards/0/dest",
      "/forwards/0/offset",
      "/live",
    ]);
  });

  test("each change made to a value is reported as a warning", () => {
    expect(coerced({ pid: "3", theme: 1 }).warnings).toEqual(['/pid: "3" read as 3', '/theme: 1 read as "1"']);
  });
});
