// Writes the config file byte for byte as tgcf does (`Config().json()`, i.e. Python's json.dumps defaults):
// one line, ", " and ": " separators, ASCII only, model fields in tgcf's order, unknown keys after them.
import { TgcfConfigSchema, type TgcfConfig } from "./model";
import { pythonFloatRepr } from "./python-values";
import { isPlainObject, safeEntries } from "./safe-object";
import type { ModelSchema } from "./schema-reader";

const PRINTABLE_ASCII_FIRST = 0x20;
const PRINTABLE_ASCII_LAST = 0x7e;
const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** Python's json string encoding with ensure_ascii: UTF-16 code units outside space..~ become \uXXXX (lowercase). */
export function pythonJsonString(text: string): string {
  let encoded = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? "";
    const code = text.charCodeAt(index);
    const short = SHORT_ESCAPES[char];
    if (short) encoded += short;
    else if (code < PRINTABLE_ASCII_FIRST || code > PRINTABLE_ASCII_LAST) encoded += `\\u${code.toString(16).padStart(4, "0")}`;
    else encoded += char;
  }
  return `${encoded}"`;
}

function pythonJsonNumber(value: number): string {
  if (Number.isSafeInteger(value)) return String(value);
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  return pythonFloatRepr(value);
}

function encode(value: unknown, schema: ModelSchema | undefined): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return pythonJsonNumber(value);
  if (typeof value === "string") return pythonJsonString(value);
  if (Array.isArray(value)) return `[${value.map((item) => encode(item, schema?.items)).join(", ")}]`;
  if (isPlainObject(value)) return encodeObject(value, schema);
  throw new TypeError(`cannot write a ${typeof value} into the config file`);
}

function encodeObject(object: Record<string, unknown>, schema: ModelSchema | undefined): string {
  const properties = schema?.type === "object" ? (schema.properties ?? {}) : {};
  const members: string[] = [];
  for (const [key, propertySchema] of Object.entries(properties)) {
    const value = Object.hasOwn(object, key) ? object[key] : structuredClone(propertySchema.default);
    members.push(`${pythonJsonString(key)}: ${encode(value, propertySchema)}`);
  }
  const extra = typeof schema?.additionalProperties === "object" ? schema.additionalProperties : undefined;
  for (const [key, value] of safeEntries(object)) {
    if (!Object.hasOwn(properties, key) && value !== undefined) members.push(`${pythonJsonString(key)}: ${encode(value, extra)}`);
  }
  return `{${members.join(", ")}}`;
}

/** The text of tgcf.config.json for a config: every model field present, then unknown keys in their order. */
export function serializeConfig(config: TgcfConfig): string {
  return encode(config, TgcfConfigSchema as unknown as ModelSchema);
}
