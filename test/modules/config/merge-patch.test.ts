import { describe, expect, test } from "bun:test";
import { applyMergePatch } from "../../../src/modules/config/merge-patch";
import { defaultConfig } from "../../../src/modules/config/model";
import { validateConfigInput } from "../../../src/modules/config/validate";

describe("applyMergePatch (RFC 7396)", () => {
  test("passes the examples of RFC 7396 appendix A", () => {
    const cases: Array<[unknown, unknown, unknown]> = [
      [{ a: "b" }, { a: "c" }, { a: "c" }],
      [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
      [{ a: "b" }, { a: null }, {}],
      [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
      [{ a: ["b"] }, { a: "c" }, { a: "c" }],
      [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
      [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
      [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
      [["a", "b"], ["c", "d"], ["c", "d"]],
      [{ a: "b" }, ["c"], ["c"]],
      [{ a: "foo" }, null, null],
      [{ a: "foo" }, "bar", "bar"],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: "b", c: null }, { a: "b" }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, expected] of cases) expect(applyMergePatch(target, patch)).toEqual(expected);
  });

  test("modifies neither the target nor the patch, and shares no objects with them", () => {
    const target = { a: { b: [1] }, keep: { x: 1 } };
    const patch = { a: { c: [2] } };
    const result = applyMergePatch(target, patch) as { a: { b: number[]; c: number[] }; keep: { x: number } };
    result.a.b.push(9);
    result.a.c.push(9);
    result.keep.x = 2;
    expect(target).toEqual({ a: { b: [1] }, keep: { x: 1 } });
    expect(patch).toEqual({ a: { c: [2] } });
  });

  test("keys keep their place; new keys follow in the patch's order", () => {
    expect(Object.keys(applyMergePatch({ a: 1, b: 2, c: 3 }, { z: 0, b: 5, y: 0 }) as object)).toEqual(["a", "b", "c", "z", "y"]);
  });

  test("deleting a known field returns it to its default after validation", () => {
    const stored = defaultConfig();
    stored.login.API_ID = 123;
    stored.theme = "dark";
    const patched = validateConfigInput(applyMergePatch(stored, { login: { API_ID: null }, theme: null }));
    expect(patched.ok && patched.config).toEqual(defaultConfig());
  });

  test("__proto__, constructor and prototype keys never reach a prototype", () => {
    const patch = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}, "a": {"__proto__": {"polluted": 1}}}');
    const result = applyMergePatch({ a: {} }, patch) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.a)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["a", "constructor"]);
    expect(result["constructor"] as unknown).toEqual({ prototype: { polluted: 1 } });
  });

  test("a patch value JSON cannot hold is refused", () => {
    expect(() => applyMergePatch({}, { a: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });
});
