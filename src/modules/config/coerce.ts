// Lenient reading of tgcf.config.json from disk: accepts exactly what tgcf's pydantic (v1) model accepts,
// because tgcf runs happily on such a file and refusing it here would lock the user out of their own config.
//
// Coercions (each one reported as a warning, since saving from tgcf-server will write the canonical value):
// - integers (`int(v)`): "123", " 12 ", "1_000", "+5", true/false (1/0), 1.9 (truncated to 1).
//   Refused: "abc", "1.5", "", null, objects, and integers JavaScript cannot hold exactly.
// - mode and user_type: any integer, as tgcf's `int` fields take it (a warning says it is neither 0 nor 1).
// - past.delay: clamped into 0..100, as tgcf's validator does.
// - strings (`str(v)`): numbers and booleans become Python's text for them (true → "True", 0.5 → "0.5").
// - booleans: true/false, 1/0, and the texts "1 0 on off t f true false y n yes no" in any case.
// - source, dest[] and admins[] (`Union[int, str]`): int() is tried first, so numeric text, booleans and
//   floats become integers; other text stays text.
// - objects (nested models and replace.text) may also be given as lists of key/value pairs, as `dict(v)` allows.
// - enums (style, position, file types): exact values only, as tgcf's str enums.
// Missing fields take their defaults; unknown keys are kept.
import type { FieldError } from "../../utils/api-error";
import {
  exactInteger,
  isWithinRange,
  MUST_BE_BOOLEAN,
  MUST_BE_INTEGER,
  MUST_BE_PEER,
  MUST_BE_STRING,
  mustBeOneOf,
} from "./field-messages";
import { TgcfConfigSchema, type TgcfConfig } from "./model";
import { parsePythonInt, pythonBoolText, pythonNumberText } from "./python-values";
import { isPlainObject, safeEntries } from "./safe-object";
import { readWithSchema, type ModelSchema, type ReadPolicy, type ValueRead } from "./schema-reader";
import { canonicalPeerText } from "./validate";

export type ConfigCoercion = { ok: true; config: TgcfConfig; warnings: string[] } | { ok: false; errors: FieldError[] };

// pydantic v1's BOOL_TRUE / BOOL_FALSE sets (strings compared after lower()).
const TRUE_TEXTS = new Set(["1", "on", "t", "true", "y", "yes"]);
const FALSE_TEXTS = new Set(["0", "off", "f", "false", "n", "no"]);

const shown = (value: unknown) => JSON.stringify(value);
const changed = (from: unknown, to: unknown): ValueRead => ({ ok: true, value: to, note: `${shown(from)} read as ${shown(to)}` });

/** Python's `int(v)` as pydantic v1 applies it. */
function pythonInt(value: unknown): ValueRead {
  if (typeof value === "boolean") return changed(value, value ? 1 : 0);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, message: MUST_BE_INTEGER };
    const read = exactInteger(Math.trunc(value));
    return read.ok && read.value !== value ? changed(value, read.value) : read;
  }
  if (typeof value === "string") {
    const parsed = parsePythonInt(value);
    if (parsed === undefined) return { ok: false, message: MUST_BE_INTEGER };
    // Beyond 2^53 (tgcf's ints have no limit): kept as its digits, which tgcf reads back as the same int.
    if (!Number.isSafeInteger(Number(parsed))) return { ok: true, value: parsed.toString(), note: `${shown(value)} is larger than JavaScript holds exactly: kept as text` };
    const read = exactInteger(Number(parsed));
    return read.ok ? changed(value, read.value) : read;
  }
  return { ok: false, message: MUST_BE_INTEGER };
}

function clampInteger(value: unknown, schema: ModelSchema): ValueRead {
  const read = pythonInt(value);
  if (!read.ok || isWithinRange(read.value as number, schema)) return read;
  const clamped = Math.min(Math.max(read.value as number, schema.minimum ?? -Infinity), schema.maximum ?? Infinity);
  return { ok: true, value: clamped, note: `${shown(value)} is outside ${schema.minimum}..${schema.maximum}; tgcf uses ${clamped}` };
}

/** What `dict(v)` accepts besides a dict: an iterable of two-item iterables (pairs, two-character texts). */
function pairEntries(value: unknown): Array<[string, unknown]> | undefined {
  if (isPlainObject(value)) return safeEntries(value);
  if (value === "") return [];
  if (!Array.isArray(value)) return undefined;
  const entries: Array<[string, unknown]> = [];
  for (const item of value) {
    const pair = typeof item === "string" ? [...item] : isPlainObject(item) ? Object.keys(item) : item;
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [key, pairValue] = pair as [unknown, unknown];
    if (typeof key === "string") entries.push([key, pairValue]);
    else if (typeof key === "number") entries.push([pythonNumberText(key), pairValue]);
    else if (typeof key === "boolean") entries.push([pythonBoolText(key), pairValue]);
    else return undefined;
  }
  return entries;
}

const lenientPolicy: ReadPolicy = {
  integer: clampInteger,
  string(value) {
    if (typeof value === "string") return { ok: true, value };
    if (typeof value === "boolean") return changed(value, pythonBoolText(value));
    if (typeof value === "number") return changed(value, pythonNumberText(value));
    return { ok: false, message: MUST_BE_STRING };
  },
  boolean(value) {
    if (typeof value === "boolean") return { ok: true, value };
    const text = typeof value === "string" ? value.toLowerCase() : typeof value === "number" ? String(value) : undefined;
    if (text !== undefined && TRUE_TEXTS.has(text)) return changed(value, true);
    if (text !== undefined && FALSE_TEXTS.has(text)) return changed(value, false);
    return { ok: false, message: MUST_BE_BOOLEAN };
  },
  peer(value) {
    if (typeof value === "string") {
      const canonical = canonicalPeerText(value);
      return canonical === value ? { ok: true, value } : changed(value, canonical);
    }
    if (typeof value === "number" || typeof value === "boolean") return pythonInt(value);
    return { ok: false, message: MUST_BE_PEER };
  },
  choice(value, schema) {
    if (schema.type === "integer") {
      const read = pythonInt(value);
      if (!read.ok || schema.enum.includes(read.value as number)) return read;
      const note = `${shown(read.value)} is not one of ${schema.enum.join(", ")}; tgcf accepts it but treats it as neither`;
      return { ok: true, value: read.value, note };
    }
    return schema.enum.includes(value as string) ? { ok: true, value } : { ok: false, message: mustBeOneOf(schema.enum) };
  },
  entries: pairEntries,
};

/**
 * Reads a config parsed from tgcf.config.json the way tgcf would, returning the canonical config
 * plus a warning for every value tgcf would change, or every field tgcf would refuse.
 */
export function coerceConfigFromDisk(parsed: unknown): ConfigCoercion {
  const result = readWithSchema(TgcfConfigSchema as unknown as ModelSchema, parsed, lenientPolicy);
  if (result.errors.length > 0) return { ok: false, errors: result.errors };
  return { ok: true, config: result.value as TgcfConfig, warnings: result.notes };
}
