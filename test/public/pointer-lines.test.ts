import { describe, expect, test } from "bun:test";
import { jsonLineOf, yamlLineOf } from "../../public/lib/pointer-lines.ts";

const config = { login: { API_ID: 1 }, forwards: [{ source: 1, dest: [2, 3] }, { source: "a/b", dest: ["x"] }], "we/ird": 1 };

describe("finding an error's line in the raw editor", () => {
  test("JSON: the line of any value, inside objects and arrays", () => {
    const text = JSON.stringify(config, null, 2);
    const lines = text.split("\n");
    const lineOf = (pointer: string) => lines[jsonLineOf(text, pointer)! - 1]!.trim();
    expect(lineOf("/login/API_ID")).toBe('"API_ID": 1');
    expect(lineOf("/forwards/1/source")).toBe('"source": "a/b",');
    expect(lineOf("/forwards/0/dest/1")).toBe("3");
    expect(lineOf("/we~1ird")).toBe('"we/ird": 1');
    expect(jsonLineOf(text, "/missing")).toBeNull();
    expect(jsonLineOf("{ not json", "/a")).toBeNull();
  });

  test("YAML: the line of keys and list items in block style", () => {
    const text = ["login:", "  API_ID: 1", "forwards:", "  - source: 1", "    dest:", "      - 2", "      - 3", "  - source: a", "    dest: []", "mode: 0"].join("\n");
    expect(yamlLineOf(text, "/login/API_ID")).toBe(2);
    expect(yamlLineOf(text, "/forwards/1/source")).toBe(8);
    expect(yamlLineOf(text, "/forwards/0/dest/1")).toBe(7);
    expect(yamlLineOf(text, "/mode")).toBe(10);
    expect(yamlLineOf(text, "/login/nothing")).toBeNull();
  });
});
