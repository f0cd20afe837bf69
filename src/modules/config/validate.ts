// Strict validation of config sent to the API: wrong types are refused, never guessed.
// The one canonicalisation tgcf's own model makes is applied: numeric text in source, dest and admins becomes a number.
import type { FieldError } from "../../utils/api-error";
import {
  exactInteger,
  isWithinRange,
  MUST_BE_BOOLEAN,
  MUST_BE_INTEGER,
  MUST_BE_PEER,
  MUST_BE_STRING,
  mustBeBetween,
  mustBeOneOf,
} from "./field-messages";
import { TgcfConfigSchema, type TgcfConfig } from "./model";
import { chatRefProblem } from "../../shared/chat-ref";
import { getAt } from "../../shared/json-pointer";
import { parsePythonInt } from "./python-values";
import { plainObjectEntries, readWithSchema, type ModelSchema, type ReadPolicy } from "./schema-reader";

export type ConfigValidation = { ok: true; config: TgcfConfig } | { ok: false; errors: FieldError[] };

const strictPolicy: ReadPolicy = {
  integer(value, schema) {
    if (typeof value !== "number" || !Number.isInteger(value)) return { ok: false, message: MUST_BE_INTEGER };
    const read = exactInteger(value);
    if (read.ok && !isWithinRange(value, schema)) return { ok: false, message: mustBeBetween(schema) };
    return read;
  },
  string: (value) => (typeof value === "string" ? { ok: true, value } : { ok: false, message: MUST_BE_STRING }),
  boolean: (value) => (typeof value === "boolean" ? { ok: true, value } : { ok: false, message: MUST_BE_BOOLEAN }),
  peer(value) {
    if (typeof value === "number" && Number.isInteger(value)) return exactInteger(value);
    if (typeof value !== "string") return { ok: false, message: MUST_BE_PEER };
    // tgcf would accept any text here and fail at run time: the API takes only what names a chat.
    const problem = chatRefProblem(value);
    return problem ? { ok: false, message: problem } : { ok: true, value: canonicalPeerText(value) };
  },
  choice: (value, schema) =>
    schema.enum.includes(value as string | number) ? { ok: true, value } : { ok: false, message: mustBeOneOf(schema.enum) },
  entries: plainObjectEntries,
};

/**
 * tgcf reads `Union[int, str]` by trying `int()` first, so "-1001234" becomes -1001234 while "@name" stays text.
 * Numbers too large for JavaScript stay text; tgcf turns them into numbers itself when it reads the file.
 */
export function canonicalPeerText(text: string): string | number {
  const parsed = parsePythonInt(text);
  if (parsed === undefined) return text;
  const asNumber = Number(parsed);
  return Number.isSafeInteger(asNumber) ? asNumber : text;
}

/**
 * Validates a whole config from the API. Missing fields take tgcf's defaults at every depth,
 * unknown keys are kept, every error is reported with its JSON pointer. The input is not modified.
 */
export function validateConfigInput(input: unknown): ConfigValidation {
  const { value, errors } = readConfigInput(input);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: value as TgcfConfig };
}

/** The strict reading with its errors: the value has every refused field left out (undefined), so it may be repaired. */
export function readConfigInput(input: unknown): { value: unknown; errors: FieldError[] } {
  const result = readWithSchema(TgcfConfigSchema as unknown as ModelSchema, input, strictPolicy);
  result.errors.push(...apiOnlyRuleErrors(result.value));
  return { value: result.value, errors: result.errors };
}

/**
 * Rules for what the API accepts beyond tgcf's model (which the lenient reading of files keeps to): values tgcf would
 * take and then fail with at run time.
 */
function apiOnlyRuleErrors(config: unknown): FieldError[] {
  const apiId = getAt(config, "/login/API_ID");
  if (typeof apiId === "number" && apiId < 0) return [{ path: "/login/API_ID", message: "must be the positive number my.telegram.org shows (0 while not set)" }];
  return [];
}
