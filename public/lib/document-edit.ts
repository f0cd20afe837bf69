// Copy-on-write changes of a JSON document by pointer, where undefined means "no such key".
import { getAt, parsePointer, setAt, toPointer } from "./json-pointer.ts";

/** A copy of `document` with `value` at `pointer`; undefined removes the key (or array element) there. */
export function putAt<T>(document: T, pointer: string, value: unknown): T {
  if (value !== undefined) return setAt(document, pointer, value);
  const segments = parsePointer(pointer);
  const key = segments.pop();
  if (key === undefined) return document;
  const parentPointer = toPointer(segments);
  const parent = getAt(document, parentPointer);
  if (parent === null || typeof parent !== "object" || !Object.hasOwn(parent, key)) return document;
  if (Array.isArray(parent)) return setAt(document, parentPointer, parent.filter((_, index) => String(index) !== key));
  const { [key]: _removed, ...rest } = parent as Record<string, unknown>;
  return parentPointer === "" ? (rest as T) : setAt(document, parentPointer, rest);
}

/** A copy of `document` whose top-level `keys` are those of `source` (missing there: removed). */
export function withKeysFrom<T extends Record<string, unknown>>(document: T, source: Record<string, unknown> | null, keys: readonly string[]): T {
  const copy: Record<string, unknown> = { ...document };
  for (const key of keys) {
    if (source && Object.hasOwn(source, key)) copy[key] = source[key];
    else delete copy[key];
  }
  return copy as T;
}
