// JSON merge patches (RFC 7396), as an earlier version kept unsaved edits in storage (still replayed once), and the
// deep equality and part picking the config pages use. Saves send JSON Patch operations instead (src/shared/json-diff.ts).

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Deep equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/**
 * The merge patch that turns `from` into `to`, or undefined when they are equal.
 * Arrays are replaced whole; a key missing from `to` becomes null (removal).
 * A null value inside `to` cannot be expressed (it would mean removal): the forms never produce one.
 */
export function createMergePatch(from: unknown, to: unknown): unknown {
  if (!isObject(from) || !isObject(to)) return deepEqual(from, to) ? undefined : structuredClone(to);
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(to)) {
    const change = key in from ? createMergePatch(from[key], value) : structuredClone(value);
    if (change !== undefined) patch[key] = change;
  }
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  return Object.keys(patch).length === 0 ? undefined : patch;
}

/** `target` with `patch` applied (RFC 7396); neither argument is changed. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** Only the top-level `keys` of `document` (the part of the config one page edits). */
export function pickKeys(document: unknown, keys: readonly string[]): JsonObject {
  const picked: JsonObject = {};
  if (!isObject(document)) return picked;
  for (const key of keys) if (key in document) picked[key] = document[key];
  return picked;
}
