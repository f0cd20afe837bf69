// The secrets in tgcf's config, hidden from API responses and restored when a client sends the placeholder back.
import type { TgcfConfig } from "./model";
import { getOwn, isPlainObject, setOwn, type JsonObject } from "./safe-object";

/** What a set secret looks like in API responses. */
export const SECRET_PLACEHOLDER = "********";

/** Paths (as property names from the root) of the fields holding secrets. */
export const SECRET_PATHS: ReadonlyArray<readonly string[]> = [
  ["login", "API_HASH"],
  ["login", "SESSION_STRING"],
  ["login", "BOT_TOKEN"],
  ["plugins", "sender", "BOT_TOKEN"],
  ["plugins", "sender", "SESSION_STRING"],
];

function parentOf(root: unknown, path: readonly string[]): JsonObject | undefined {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(node)) return undefined;
    node = getOwn(node, key);
  }
  return isPlainObject(node) ? node : undefined;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  const parent = parentOf(root, path);
  return parent ? getOwn(parent, path.at(-1) ?? "") : undefined;
}

/** A copy of the config where every set secret is the placeholder and every unset one is "". */
export function redactSecrets(config: TgcfConfig): TgcfConfig {
  const copy = structuredClone(config);
  for (const path of SECRET_PATHS) {
    const parent = parentOf(copy, path);
    const key = path.at(-1) ?? "";
    if (parent && Object.hasOwn(parent, key)) setOwn(parent, key, parent[key] ? SECRET_PLACEHOLDER : "");
  }
  return copy;
}

/**
 * A copy of `incoming` where each secret equal to the placeholder takes the stored value, so a client can
 * send back what it read without erasing secrets. Works on unvalidated input; other values are untouched.
 */
export function restoreSecrets<T>(incoming: T, stored: TgcfConfig): T {
  const copy = structuredClone(incoming);
  for (const path of SECRET_PATHS) {
    const parent = parentOf(copy, path);
    const key = path.at(-1) ?? "";
    if (parent && getOwn(parent, key) === SECRET_PLACEHOLDER) setOwn(parent, key, valueAt(stored, path) ?? "");
  }
  return copy;
}
