import { describe, expect, test } from "bun:test";
import { applyJsonPatch, jsonEqual, JsonPatchError, MAX_PATCH_OPERATIONS, parseJsonPatch, type JsonPatchOperation } from "../../src/shared/json-patch";

const doc = { mode: 0, forwards: [{ con_name: "a", source: -1, dest: [-2, -3], offset: 4242 }], plugins: { caption: { header: "" } } };

function apply(operations: unknown[]) {
  return applyJsonPatch(doc, parseJsonPatch(operations));
}

function failure(run: () => unknown): JsonPatchError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonPatchError) return error;
    throw error;
  }
  throw new Error("expected a JsonPatchError");
}

describe("JSON Patch operations (RFC 6902)", () => {
  test("replace, add and remove reach into arrays by index; the original is untouched", () => {
    const result = apply([
      { op: "replace", path: "/forwards/0/dest/0", value: -20 },
      { op: "add", path: "/forwards/0/dest/-", value: -4 },
      { op: "add", path: "/forwards/0/dest/0", value: -1 },
      { op: "remove", path: "/forwards/0/dest/2" },
      { op: "add", path: "/plugins/caption/footer", value: "bye" },
    ]);
    expect(result).toEqual({ mode: 0, forwards: [{ con_name: "a", source: -1, dest: [-1, -20, -4], offset: 4242 }], plugins: { caption: { header: "", footer: "bye" } } });
    expect(doc.forwards[0]!.dest).toEqual([-2, -3]);
  });

  test("move and copy", () => {
    expect(apply([{ op: "copy", from: "/forwards/0", path: "/forwards/-" }, { op: "move", from: "/forwards/0/offset", path: "/forwards/1/end" }])).toMatchObject({
      forwards: [{ con_name: "a", dest: [-2, -3] }, { con_name: "a", offset: 4242, end: 4242 }],
    });
    expect((apply([{ op: "move", from: "/forwards/0/offset", path: "/forwards/0/end" }]) as typeof doc).forwards[0]).not.toHaveProperty("offset");
  });

  test("replace with null sets null: the explicit 'off' a merge patch cannot express", () => {
    expect(apply([{ op: "replace", path: "/plugins/caption/header", value: null }])).toMatchObject({ plugins: { caption: { header: null } } });
  });

  test("a passing test changes nothing; every failing test is named, and nothing is applied", () => {
    expect(apply([{ op: "test", path: "/forwards/0/offset", value: 4242 }, { op: "test", path: "/forwards/0", value: { offset: 4242, dest: [-2, -3], source: -1, con_name: "a" } }])).toEqual(doc);
    const error = failure(() =>
      apply([
        { op: "test", path: "/mode", value: 1 },
        { op: "replace", path: "/mode", value: 2 },
        { op: "test", path: "/forwards/0/dest/1", value: -9 },
      ]),
    );
    expect(error.kind).toBe("conflict");
    expect(error.problems.map((problem) => problem.path)).toEqual(["/mode", "/forwards/0/dest/1"]);
  });

  test("addressing what is not there is unprocessable, with the path", () => {
    for (const operation of [
      { op: "replace", path: "/nope", value: 1 },
      { op: "remove", path: "/forwards/5" },
      { op: "remove", path: "/forwards/01" },
      { op: "add", path: "/forwards/9", value: {} },
      { op: "add", path: "/missing/child", value: 1 },
      { op: "add", path: "/mode/child", value: 1 },
      { op: "copy", from: "/nope", path: "/x" },
      { op: "test", path: "/nope", value: 1 },
      { op: "remove", path: "" },
    ]) {
      const error = failure(() => apply([operation]));
      expect(error.kind, JSON.stringify(operation)).toBe("unprocessable");
      expect(error.problems[0]!.path).toBe(("from" in operation ? operation.from : operation.path) as string);
    }
  });

  test("malformed patches and operations are named by their index", () => {
    for (const patch of [{}, [{}], [{ op: "delete", path: "/mode" }], [{ op: "replace", path: "mode", value: 1 }], [{ op: "add", path: "/x" }], [{ op: "move", path: "/x" }], [{ op: "move", from: "/forwards", path: "/forwards/0/x" }], [{ op: "replace", path: "/a~2b", value: 1 }], [null]]) {
      const error = failure(() => parseJsonPatch(patch));
      expect(error.kind, JSON.stringify(patch)).toBe("malformed");
    }
    expect(failure(() => parseJsonPatch([{ op: "test", path: "/mode", value: 0 }, { op: "nope", path: "/" }])).problems[0]!.path).toBe("/1");
    expect(failure(() => parseJsonPatch(Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: "test", path: "", value: 1 })))).message).toMatch(/at most/);
  });

  test("__proto__ is never a key: no operation reaches a prototype", () => {
    expect(failure(() => parseJsonPatch([{ op: "add", path: "/__proto__/polluted", value: true }])).kind).toBe("malformed");
    expect(failure(() => parseJsonPatch([{ op: "copy", from: "/__proto__", path: "/x" }])).kind).toBe("malformed");
    const result = apply([{ op: "add", path: "/constructor", value: 1 }]) as Record<string, unknown>;
    expect(Object.hasOwn(result, "constructor")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(failure(() => apply([{ op: "replace", path: "/toString", value: 1 }])).kind).toBe("unprocessable");
  });

  test("escaped keys (~0, ~1) address keys holding ~ and /", () => {
    const result = applyJsonPatch({ "a/b": { "c~d": 1 } }, [{ op: "replace", path: "/a~1b/c~0d", value: 2 } as JsonPatchOperation]);
    expect(result).toEqual({ "a/b": { "c~d": 2 } });
  });
});

test("jsonEqual compares objects by keys in any order and arrays by position", () => {
  expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 })).toBe(true);
  expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  expect(jsonEqual({ a: undefined }, {})).toBe(false);
  expect(jsonEqual(null, {})).toBe(false);
});
