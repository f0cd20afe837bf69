// Turning user JSON into objects without ever touching a prototype.
import type { FieldError } from "../../utils/api-error";
import { pointerChild } from "./json-pointer";

/** Keys that would reach Object.prototype through an ordinary assignment; they are dropped on input. */
const PROTOTYPE_KEY = "__proto__";

export type JsonObject = { [key: string]: unknown };

/** True for objects made by JSON.parse, YAML or `{}` (not arrays, dates, maps, class instances). */
export function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reads an own property only: `constructor` or `toString` of a plain object are never returned. */
export function getOwn(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Defines an own data property; never invokes a setter, so `__proto__` cannot change a prototype. */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Whether a key from user input may become a property (`__proto__` never does). */
export function isAllowedKey(key: string): boolean {
  return key !== PROTOTYPE_KEY;
}

/** Own enumerable string-keyed entries without `__proto__`, in insertion order. */
export function safeEntries(object: JsonObject): Array<[string, unknown]> {
  return Object.keys(object)
    .filter(isAllowedKey)
    .map((key) => [key, object[key]]);
}

/**
 * Deep copy of a JSON value into fresh plain objects and arrays, dropping `__proto__` keys.
 * Values JSON cannot hold (NaN, Infinity, dates, maps, functions...) are reported in `problems`
 * with their JSON pointer and left out of the copy.
 */
export function copyJsonValue(value: unknown, path: string, problems: FieldError[]): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    problems.push({ path, message: "must be a finite number" });
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => copyJsonValue(item, pointerChild(path, index), problems));
  }
  if (isPlainObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of safeEntries(value)) {
      const copied = copyJsonValue(item, pointerChild(path, key), problems);
      if (copied !== undefined) setOwn(copy, key, copied);
    }
    return copy;
  }
  problems.push({ path, message: `is not a JSON value (${describeType(value)})` });
  return undefined;
}

/** A short name for a value's type, for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  if (typeof value === "object") return isPlainObject(value) ? "object" : (value.constructor?.name ?? "object");
  return typeof value;
}
