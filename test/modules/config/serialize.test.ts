import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfig, type TgcfConfig } from "../../../src/modules/config/model";
import { serializeConfig } from "../../../src/modules/config/serialize";
import { validateConfigInput } from "../../../src/modules/config/validate";

const FIXTURE = join(import.meta.dir, "../../fixtures/tgcf/default-config.as-written-by-tgcf.json");

function validConfig(input: unknown): TgcfConfig {
  const result = validateConfigInput(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config;
}

describe("serializeConfig", () => {
  test("the default config is written byte for byte as tgcf writes it", () => {
    // tgcf writes `config.json()` with file.write(): no trailing newline. The captured fixture ends with one.
    const tgcfBytes = readFileSync(FIXTURE, "utf8").replace(/\n$/, "");
    expect(serializeConfig(defaultConfig())).toBe(tgcfBytes);
  });

  test("text is escaped as Python's json.dumps with ensure_ascii", () => {
    const config = validConfig({ theme: 'a"b\\c\n\r\t\b\f\x00\x1f\x7f~ é€😀\u2028/' });
    expect(serializeConfig(config)).toContain(
      '"theme": "a\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\\u007f~ \\u00e9\\u20ac\\ud83d\\ude00\\u2028/"',
    );
  });

  test("keys are escaped too", () => {
    const config = validConfig({ plugins: { replace: { text: { "é→": "x" } } } });
    expect(serializeConfig(config)).toContain('"text": {"\\u00e9\\u2192": "x"}');
  });

  test("known fields come in tgcf's order whatever the input order, unknown keys after them in their order", () => {
    const config = validConfig({ zz: 1, aa: 2, bot_messages: { later: true, start: "s" }, pid: 3 });
    const text = serializeConfig(config);
    expect(text.startsWith('{"pid": 3, "theme": "light", ')).toBe(true);
    expect(text.endsWith('"bot_messages": {"start": "s", "bot_help": "For details visit github.com/aahnik/tgcf", "later": true}, "zz": 1, "aa": 2}')).toBe(true);
  });

  test("a known field missing from the object is written with its default", () => {
    const config = defaultConfig() as Partial<TgcfConfig>;
    delete config.theme;
    expect(serializeConfig(config as TgcfConfig)).toBe(serializeConfig(defaultConfig()));
  });

  test("numbers in unknown keys are written as Python writes floats", () => {
    const config = validConfig({ extra: [0.5, 1e-7, 1e22, -3] });
    expect(serializeConfig(config)).toContain('"extra": [0.5, 1e-07, 1e+22, -3]');
  });

  test("what is written parses back to the same config", () => {
    const config = validConfig({ forwards: [{ source: -100123, dest: ["@news_a", 5], end: null }], extra: { nested: [null, "ü"] } });
    expect(JSON.parse(serializeConfig(config))).toEqual(config);
  });
});
