import { describe, expect, test } from "bun:test";
import { applyMergePatch, createMergePatch, deepEqual, pickKeys } from "../../public/lib/merge-patch.ts";

describe("merge patches", () => {
  test("equal documents give no patch", () => {
    expect(createMergePatch({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBeUndefined();
  });

  test("a patch holds only what changed; arrays are replaced whole and removed keys become null", () => {
    const from = { login: { API_ID: 1, API_HASH: "********" }, forwards: [{ source: 1 }], old: true };
    const to = { login: { API_ID: 2, API_HASH: "********" }, forwards: [{ source: 1 }, { source: 2 }] };
    expect(createMergePatch(from, to)).toEqual({ login: { API_ID: 2 }, forwards: [{ source: 1 }, { source: 2 }], old: null });
  });

  test("applying the patch created between two documents turns the first into the second", () => {
    const from = { a: { b: 1, c: [1, 2] }, d: "x", e: { f: true } };
    const to = { a: { b: 2, c: [2] }, e: { f: true, g: 0 }, h: [] };
    expect(applyMergePatch(from, createMergePatch(from, to))).toEqual(to);
    expect(from.a.b).toBe(1);
  });

  test("a patch replayed on a newer document keeps the newer document's other changes", () => {
    const mine = createMergePatch({ admins: [], forwards: [{ n: "a" }] }, { admins: [], forwards: [{ n: "mine" }] });
    expect(applyMergePatch({ admins: [777], forwards: [{ n: "a" }] }, mine)).toEqual({ admins: [777], forwards: [{ n: "mine" }] });
  });

  test("pickKeys takes one page's part of the config", () => {
    expect(pickKeys({ mode: 0, live: {}, login: {} }, ["mode", "live", "past"])).toEqual({ mode: 0, live: {} });
    expect(deepEqual([1, { a: 1 }], [1, { a: 1 }])).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});
