// Values tgcf's Python reads in its file but JavaScript cannot keep as numbers: NaN, Infinity, integers beyond 2^53.
import { describe, expect, test } from "bun:test";
import { quotePythonOnlyValues } from "../../../src/modules/config/python-json";
import { readConfigText } from "../../../src/modules/config/config-text";
import { configFromJsonPatch } from "../../../src/modules/config/save";
import { serializeConfig } from "../../../src/modules/config/serialize";
import type { TgcfConfig } from "../../../src/modules/config/model";

describe("quotePythonOnlyValues", () => {
  test("quotes bare NaN, Infinity and unsafe integers, and nothing inside strings or safe numbers", () => {
    const text = '{"a": NaN, "b": -Infinity, "c": 12345678901234567890, "d": -1001234567890, "e": "NaN 12345678901234567890", "f": 1.5e300, "g": [Infinity]}';
    const { text: quoted, kept } = quotePythonOnlyValues(text);
    expect(JSON.parse(quoted)).toEqual({ a: "NaN", b: "-Infinity", c: "12345678901234567890", d: -1001234567890, e: "NaN 12345678901234567890", f: 1.5e300, g: ["Infinity"] });
    expect(kept).toEqual(["NaN", "-Infinity", "12345678901234567890", "Infinity"]);
    expect(quotePythonOnlyValues('{"a": 1}').text).toBe('{"a": 1}');
  });
});

describe("a file tgcf accepts with such values", () => {
  const file = new TextEncoder().encode(
    '{"login": {"API_ID": 1, "USERNAME": NaN}, "forwards": [{"source": -100, "dest": [-200], "offset": 12345678901234567890}], "mode": 0}',
  );

  test("is read, not called damaged, with a warning for each value kept as text", () => {
    const read = readConfigText(file);
    expect(read.state).toBe("ok");
    if (read.state !== "ok") return;
    expect(read.config.login.USERNAME).toBe("NaN");
    expect(read.config.forwards[0]!.offset as unknown).toBe("12345678901234567890");
    expect(read.warnings.join("\n")).toContain("12345678901234567890 is read as the text");
  });

  test("does not block a save of another field, and the value survives it", () => {
    const read = readConfigText(file);
    if (read.state !== "ok") throw new Error("not read");
    const saved = configFromJsonPatch([{ op: "replace", path: "/forwards/0/dest/0", value: -300 }], read.config as TgcfConfig);
    expect(saved.forwards[0]).toMatchObject({ dest: [-300], offset: "12345678901234567890" });
    expect(serializeConfig(saved)).toContain('"offset": "12345678901234567890"');
  });
});
