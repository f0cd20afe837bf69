import { describe, expect, test } from "bun:test";
import { childPointer, getAt, isWithin, parsePointer, setAt, toPointer } from "../../public/lib/json-pointer.ts";
import { fieldId } from "../../public/lib/field-id.ts";

describe("JSON pointers", () => {
  test("parse and format escape ~ and / as RFC 6901 says", () => {
    expect(parsePointer("/plugins/replace/text/a~1b~0c")).toEqual(["plugins", "replace", "text", "a/b~c"]);
    expect(toPointer(["plugins", "replace", "text", "a/b~c"])).toBe("/plugins/replace/text/a~1b~0c");
    expect(parsePointer("")).toEqual([]);
    expect(childPointer("/forwards", 2)).toBe("/forwards/2");
  });

  test("getAt reads through objects and arrays; setAt copies only the path it changes", () => {
    const config = { forwards: [{ dest: [1, 2] as (number | string)[] }, { dest: [] }], login: { API_ID: 1 } };
    expect(getAt(config, "/forwards/0/dest/1")).toBe(2);
    expect(getAt(config, "/forwards/5/dest")).toBeUndefined();
    const changed = setAt(config, "/forwards/0/dest/1", "@x");
    expect(changed.forwards[0]!.dest).toEqual([1, "@x"]);
    expect(config.forwards[0]!.dest).toEqual([1, 2]);
    expect(changed.login).toBe(config.login);
    expect(changed.forwards[1]).toBe(config.forwards[1]);
  });

  test("isWithin tells a field inside another from one that only shares a prefix", () => {
    expect(isWithin("/forwards/1/dest", "/forwards/1")).toBe(true);
    expect(isWithin("/forwards/1", "/forwards/1")).toBe(true);
    expect(isWithin("/forwards/10", "/forwards/1")).toBe(false);
  });

  test("field ids are derived from pointers and stay valid and distinct", () => {
    expect(fieldId("/forwards/0/source")).toBe("field-forwards-0-source");
    expect(fieldId("/plugins/replace/text/a b")).toBe("field-plugins-replace-text-a.20.b");
    expect(fieldId("/a/b")).not.toBe(fieldId("/a-b"));
  });
});
