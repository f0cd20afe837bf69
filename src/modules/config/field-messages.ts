// The messages a person reads when a config field is refused, shared by strict and lenient reading.
import type { ModelSchema, ValueRead } from "./schema-reader";

export const MUST_BE_INTEGER = "must be a whole number";
export const MUST_BE_STRING = "must be text";
export const MUST_BE_BOOLEAN = "must be true or false";
export const MUST_BE_PEER = "must be a numeric chat id, an @username or a t.me link";
export const MUST_BE_EXACT_INTEGER = `must be an integer between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`;

export function mustBeOneOf(options: ReadonlyArray<string | number>): string {
  return `must be one of: ${options.join(", ")}`;
}

export function mustBeBetween(schema: ModelSchema): string {
  if (schema.maximum === undefined) return `must be ${schema.minimum} or more`;
  if (schema.minimum === undefined) return `must be ${schema.maximum} or less`;
  return `must be a whole number from ${schema.minimum} to ${schema.maximum}`;
}

export function isWithinRange(value: number, schema: ModelSchema): boolean {
  return (schema.minimum === undefined || value >= schema.minimum) && (schema.maximum === undefined || value <= schema.maximum);
}

/** An integer JavaScript holds exactly; larger ones would be silently rounded, so they are refused. */
export function exactInteger(value: number): ValueRead {
  if (!Number.isSafeInteger(value)) return { ok: false, message: MUST_BE_EXACT_INTEGER };
  return { ok: true, value: value === 0 ? 0 : value };
}
