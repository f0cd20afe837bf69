import { describe, expect, test } from "bun:test";
import { parseDocument, toYaml } from "../../../src/modules/config/parse-document";
import { ApiError } from "../../../src/utils/api-error";

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

  test("YAML with too many aliases is refused instead of expanding", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 10; level++) {
      const previous = `*a${level - 1}`;
      lines.push(`a${level}: &a${level} [${Array(10).fill(previous).join(", ")}]`);
    }
    const error = apiErrorOf(() => parseDocument(lines.join("\n"), "application/yaml"));
    expect(error.status).toBe(400);
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
