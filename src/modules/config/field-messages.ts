// The messages a person reads when a config field is refused, shared by strict and lenient reading.
import type { ModelSchema, ValueRead } from "./schema-reader";

export const MUST_BE_INTEGER = "must be an integer";
export const MUST_BE_STRING = "must be a string";
export const MUST_BE_BOOLEAN = "must be true or false";
export const MUST_BE_PEER = "must be a numeric chat id or a text such as @username or a link";
export const MUST_BE_EXACT_INTEGER = `must be an integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;

export function mustBeOneOf(options: ReadonlyArray<string | number>): string {
  return `must be one of: ${options.join(", ")}`;
}

export function mustBeBetween(schema: ModelSchema): string {
  return `must be between ${schema.minimum ?? "-∞"} and ${schema.maximum ?? "∞"}`;
}

export function isWithinRange(value: number, schema: ModelSchema): boolean {
  return (schema.minimum === undefined || value >= schema.minimum) && (schema.maximum === undefined || value <= schema.maximum);
}

/** An integer JavaScript holds exactly; larger ones would be silently rounded, so they are refused. */
export function exactInteger(value: number): ValueRead {
  if (!Number.isSafeInteger(value)) return { ok: false, message: MUST_BE_EXACT_INTEGER };
  return { ok: true, value: value === 0 ? 0 : value };
}
