import { describe, expect, test } from "bun:test";
import { MAX_NESTING_DEPTH, YAML_MAX_ALIAS_COUNT, parseDocument, toYaml } from "../../../src/modules/config/parse-document";
import { ApiError } from "../../../src/utils/api-error";
import { MAX_BODY_BYTES } from "../../../src/utils/body-limit";

function apiErrorOf(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("parseDocument", () => {
  test("reads JSON for application/json and any +json type, whatever the parameters", () => {
    for (const type of ["application/json", "Application/JSON; charset=utf-8", "application/merge-patch+json"]) {
      expect(parseDocument('{"a": [1, "x", null]}', type)).toEqual({ a: [1, "x", null] });
    }
  });

  test("reads YAML for application/yaml, application/x-yaml and text/yaml", () => {
    for (const type of ["application/yaml", "application/x-yaml", "text/yaml; charset=utf-8"]) {
      expect(parseDocument("a:\n  - 1\n  - '@x'\nb: yes\nc: 0x10\n", type)).toEqual({ a: [1, "@x"], b: "yes", c: 16 });
    }
  });

  test("malformed JSON gives 400 with the line and column of the first error", () => {
    const error = apiErrorOf(() => parseDocument('{\n  "a": 1,\n  "b": tru\n}', "application/json"));
    expect(error.status).toBe(400);
    expect(error.details).toEqual({ line: 3, column: 8 });
    expect(error.message).toBe('malformed JSON: unexpected character "t" at line 3, column 8');
  });

  test("JSON errors are located for the common mistakes", () => {
    const cases: Array<[string, string]> = [
      ['{"a": 1,}', "malformed JSON: expected a property name in double quotes, found character \"}\" at line 1, column 9"],
      ["[1 2]", "malformed JSON: expected ',' or ']', found character \"2\" at line 1, column 4"],
      ['{"a" 1}', "malformed JSON: expected ':' after a property name, found character \"1\" at line 1, column 6"],
      ['{"a": "b', "malformed JSON: unterminated string at line 1, column 7"],
      ["", "malformed JSON: unexpected end of input: a value is missing at line 1, column 1"],
      ["{} x", "malformed JSON: unexpected text after the JSON value at line 1, column 4"],
      ['"\\q"', "malformed JSON: invalid escape \\q at line 1, column 2"],
    ];
    for (const [text, message] of cases) expect(apiErrorOf(() => parseDocument(text, "application/json")).message).toBe(message);
  });

  test("malformed YAML gives 400 with the line and column", () => {
    const error = apiErrorOf(() => parseDocument("a: 1\nb: [1, 2\n", "application/yaml"));
    expect(error.status).toBe(400);
    expect(error.message).toStartWith("malformed YAML: ");
    expect(error.details).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  test("YAML with several documents is refused", () => {
    const error = apiErrorOf(() => parseDocument("a: 1\n---\nb: 2\n", "application/yaml"));
    expect(error.message).toBe("malformed YAML: the text holds several YAML documents: send one at line 2, column 1");
  });

  test("YAML duplicate keys and custom tags are refused", () => {
    expect(apiErrorOf(() => parseDocument("a: 1\na: 2\n", "application/yaml")).message).toContain("unique");
    expect(apiErrorOf(() => parseDocument("a: !!js/function x\n", "application/yaml")).status).toBe(400);
    expect(apiErrorOf(() => parseDocument("a: !custom x\n", "application/yaml")).status).toBe(400);
  });

  test("YAML with more than 100 aliases is refused with 400", () => {
    const text = `a: &a x\nb: [${Array(YAML_MAX_ALIAS_COUNT + 1).fill("*a").join(", ")}]\n`;
    const error = apiErrorOf(() => parseDocument(text, "application/yaml"));
    expect(error.status).toBe(400);
    expect(error.message).toBe(`malformed YAML: more than ${YAML_MAX_ALIAS_COUNT} aliases (*name): write the values out instead`);
    expect(parseDocument(`a: &a x\nb: [${Array(YAML_MAX_ALIAS_COUNT).fill("*a").join(", ")}]\n`, "application/yaml")).toMatchObject({ a: "x" });
  });

  test("YAML whose aliases expand it beyond the body limit answers 413", () => {
    const tooLarge = `a: &a ${JSON.stringify("x".repeat(500_000))}\nb: [${Array(99).fill("*a").join(", ")}]\n`;
    const error = apiErrorOf(() => parseDocument(tooLarge, "application/yaml"));
    expect(error.status).toBe(413);
    expect(error.message).toStartWith(`YAML expands to more than ${MAX_BODY_BYTES} bytes`);
    const fits = `a: &a ${JSON.stringify("x".repeat(100_000))}\nb: [${Array(9).fill("*a").join(", ")}]\n`;
    expect((parseDocument(fits, "application/yaml") as { b: string[] }).b).toHaveLength(9);
  });

  test("an exponential alias bomb within 100 aliases is refused before anything is built", () => {
    // 2^50 copies of "x": building even a small part of it would never finish.
    const lines = ["a0: &a0 [x]"];
    for (let level = 1; level <= 50; level++) lines.push(`a${level}: &a${level} [*a${level - 1}, *a${level - 1}]`);
    expect(apiErrorOf(() => parseDocument(lines.join("\n"), "application/yaml")).status).toBe(413);
  });

  test("YAML whose alias refers to the value it is inside answers 400, not 500", () => {
    for (const text of ["a: &a [*a]\n", "a: &a {b: *a}\n", "&a [1, [2, *a]]\n"]) {
      const error = apiErrorOf(() => parseDocument(text, "application/yaml"));
      expect(error.status).toBe(400);
      expect(error.message).toContain("is inside the value it names");
    }
  });

  test("YAML aliases name the anchor written before them; one with none answers 400", () => {
    expect(parseDocument("a: &k [1, {x: 2}]\nb: *k\nk: &k 3\nc: *k\n", "application/yaml")).toEqual({ a: [1, { x: 2 }], b: [1, { x: 2 }], k: 3, c: 3 });
    expect(parseDocument("&k name: 1\nother: *k\n", "application/yaml")).toEqual({ name: 1, other: "name" });
    for (const text of ["a: *nothing\n", "a: *k\nb: &k 1\n"]) expect(apiErrorOf(() => parseDocument(text, "application/yaml")).message).toContain("names no anchor");
  });

  test("JSON nested deeper than 64 levels answers 400 where it gets too deep, even when malformed", () => {
    const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
    expect(parseDocument(nested(MAX_NESTING_DEPTH), "application/json")).toBeArray();
    for (const text of [nested(MAX_NESTING_DEPTH + 1), '{"a": ' + "[".repeat(100_000), "[".repeat(500_000)]) {
      const error = apiErrorOf(() => parseDocument(text, "application/json"));
      expect(error.status).toBe(400);
      expect(error.message).toStartWith(`JSON nested too deeply: at most ${MAX_NESTING_DEPTH} levels`);
    }
    // The object is the first level, so the 64th "[" (column 70) is one too many.
    expect(apiErrorOf(() => parseDocument('{"a": ' + nested(MAX_NESTING_DEPTH) + "}", "application/json")).details).toEqual({ line: 1, column: 70 });
    expect(parseDocument(`{"a": "${"[".repeat(1000)}"}`, "application/json")).toEqual({ a: "[".repeat(1000) });
  });

  test("YAML nested deeper than 64 levels answers 400, in flow, block and indented style", () => {
    const indented = Array.from({ length: 100 }, (_, level) => `${" ".repeat(level)}k:`).join("\n") + " x\n";
    const cases = ["a: " + "[".repeat(50_000) + "]".repeat(50_000), "- ".repeat(100_000) + "x", "{a: ".repeat(1_000) + "x" + "}".repeat(1_000), indented];
    for (const text of cases) {
      const error = apiErrorOf(() => parseDocument(text, "application/yaml"));
      expect(error.status).toBe(400);
      expect(error.message).toStartWith(`YAML nested too deeply: at most ${MAX_NESTING_DEPTH} levels`);
    }
    expect(parseDocument("- ".repeat(MAX_NESTING_DEPTH) + "x", "application/yaml")).toBeArray();
  });

  test("YAML aliases may not nest a value deeper than 64 levels either", () => {
    const lines = ["a0: &a0 [x]"];
    for (let level = 1; level <= MAX_NESTING_DEPTH; level++) lines.push(`a${level}: &a${level} [*a${level - 1}]`);
    const error = apiErrorOf(() => parseDocument(lines.join("\n"), "application/yaml"));
    expect(error.status).toBe(400);
    expect(error.message).toStartWith("YAML nested too deeply");
  });

  test("a YAML mapping with tens of thousands of keys is read in linear time, duplicates still refused", () => {
    const keys = Array.from({ length: 35_000 }, (_, index) => `key${index}: value number ${index}`);
    const text = keys.join("\n");
    expect(text.length).toBeLessThan(MAX_BODY_BYTES);
    expect(Object.keys(parseDocument(text, "application/yaml") as object)).toHaveLength(35_000);
    const duplicate = apiErrorOf(() => parseDocument(`${text}\nkey7: again\n`, "application/yaml"));
    expect(duplicate.message).toBe("malformed YAML: Map keys must be unique at line 35001, column 1");
    expect(apiErrorOf(() => parseDocument("{a: 1, 'a': 2}", "application/yaml")).message).toContain("unique");
  });

  test("YAML values JSON cannot hold are refused, not crashed on", () => {
    const error = apiErrorOf(() => parseDocument("a: .inf\nb: .nan\n", "application/yaml"));
    expect(error.status).toBe(400);
    expect(error.details).toEqual([
      { path: "/a", message: "must be a finite number" },
      { path: "/b", message: "must be a finite number" },
    ]);
    expect(parseDocument("when: 2001-12-14\n", "text/yaml")).toEqual({ when: "2001-12-14" });
  });

  test("__proto__ keys are dropped from JSON and YAML", () => {
    const fromJson = parseDocument('{"__proto__": {"polluted": 1}, "a": {"__proto__": {"x": 1}}}', "application/json") as object;
    const fromYaml = parseDocument("__proto__:\n  polluted: 1\nok: 1\n", "application/yaml") as object;
    expect(fromJson).toEqual({ a: {} });
    expect(fromYaml).toEqual({ ok: 1 });
    expect(Object.keys(fromJson)).toEqual(["a"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("other content types are refused with 415", () => {
    for (const type of [null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]) {
      const error = apiErrorOf(() => parseDocument("{}", type));
      expect(error.status).toBe(415);
      expect(error.message).toBe("unsupported content type: use application/json or application/yaml");
    }
  });
});

describe("toYaml", () => {
  test("writes YAML that parses back to the same value", () => {
    const value = { login: { API_ID: 1, API_HASH: "123", long: "x".repeat(200) }, dest: ["-100", -100, "yes", "null", "@a"], empty: {}, none: null };
    expect(parseDocument(toYaml(value), "application/yaml")).toEqual(value);
  });
});
