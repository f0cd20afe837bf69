// Which fields differ between two versions of the config, in the units the server writes saved changes back in.
//
// Field granularity:
// - objects are walked down to their leaves; a leaf is any value that is not an object, and an array is one leaf
//   (dest, admins, blacklists are lists a person edits as a whole);
// - connections (elements of /forwards) are matched by their source, not by their index: tgcf's own /forward
//   command removes the connection with the same source and appends the new one, and /remove deletes the one
//   with the given source, so indexes shift under a running tgcf. Matching by index would put the fields (and
//   the past-mode offset) of one connection onto another. Connections with the same source are matched in their
//   order (the first with the first); tgcf itself keys connections by source, so such duplicates are already
//   ambiguous to it. A connection whose source changed is one removed and one added connection.
// - within a matched connection each top-level field is one leaf (offset, dest, con_name ...).
import { toPointer } from "../../shared/json-pointer";
import { isPlainObject, safeEntries, type JsonObject } from "./safe-object";

export const FORWARDS_FIELD = "forwards";
export const OFFSET_FIELD = "offset";
const SOURCE_FIELD = "source";

/** Identifies a connection across versions: its source as JSON, then its rank among connections with that source. */
export type ConnectionKey = string;

export type ConfigChange =
  /** A leaf outside /forwards; `value` undefined: the key was removed. */
  | { kind: "field"; pointer: string; value: unknown }
  /** One field of a connection present in both versions; `index` is its place in the newer version. */
  | { kind: "connection-field"; key: ConnectionKey; index: number; field: string; value: unknown }
  /** A connection only the newer version has, at `index` there. */
  | { kind: "connection-added"; key: ConnectionKey; index: number; connection: unknown }
  /** A connection only the older version has, at `index` there. */
  | { kind: "connection-removed"; key: ConnectionKey; index: number };

/** The key of each connection of a /forwards list, in its order. */
export function connectionKeys(forwards: readonly unknown[]): ConnectionKey[] {
  const seen = new Map<string, number>();
  return forwards.map((connection) => {
    const source = JSON.stringify((isPlainObject(connection) ? connection[SOURCE_FIELD] : undefined) ?? null);
    const rank = seen.get(source) ?? 0;
    seen.set(source, rank + 1);
    return `${source}#${rank}`;
  });
}

/** The connections of a config by key (a config without a /forwards list has none). */
export function connectionsByKey(config: unknown): Map<ConnectionKey, { index: number; connection: unknown }> {
  const forwards = forwardsOf(config) ?? [];
  const keys = connectionKeys(forwards);
  return new Map(keys.map((key, index) => [key, { index, connection: forwards[index] }]));
}

export function forwardsOf(config: unknown): unknown[] | undefined {
  const forwards = isPlainObject(config) ? config[FORWARDS_FIELD] : undefined;
  return Array.isArray(forwards) ? forwards : undefined;
}

/** The changes that turn `before` into `after` (two parsed configs). */
export function diffConfigs(before: unknown, after: unknown): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const beforeForwards = forwardsOf(before);
  const afterForwards = forwardsOf(after);
  const splitForwards = beforeForwards !== undefined && afterForwards !== undefined;
  diffValues(before, after, "", changes, splitForwards);
  if (splitForwards) diffConnections(beforeForwards, afterForwards, changes);
  return changes;
}

/** The JSON pointer a change is about. */
export function pointerOf(change: ConfigChange): string {
  switch (change.kind) {
    case "field":
      return change.pointer;
    case "connection-field":
      return toPointer([FORWARDS_FIELD, change.index, change.field]);
    default:
      return toPointer([FORWARDS_FIELD, change.index]);
  }
}

/** tgcf's own progress in past mode: the offset of a connection. */
export function isOffsetChange(change: ConfigChange): boolean {
  return change.kind === "connection-field" && change.field === OFFSET_FIELD;
}

/** Deep equality of JSON values; the order of object keys does not matter. */
export function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => sameJson(item, right[index]));
  }
  if (!isPlainObject(left) || !isPlainObject(right)) return false;
  const leftKeys = Object.keys(left);
  if (leftKeys.length !== Object.keys(right).length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}

function diffValues(before: unknown, after: unknown, pointer: string, changes: ConfigChange[], skipForwards: boolean): void {
  if (!isPlainObject(before) || !isPlainObject(after)) {
    if (!sameJson(before, after)) changes.push({ kind: "field", pointer, value: after });
    return;
  }
  for (const key of unionOfKeys(before, after)) {
    if (skipForwards && pointer === "" && key === FORWARDS_FIELD) continue;
    diffValues(valueOf(before, key), valueOf(after, key), pointer + toPointer([key]), changes, false);
  }
}

function diffConnections(before: unknown[], after: unknown[], changes: ConfigChange[]): void {
  const earlier = connectionsByKey({ [FORWARDS_FIELD]: before });
  const afterKeys = connectionKeys(after);
  afterKeys.forEach((key, index) => {
    const connection = after[index];
    const old = earlier.get(key);
    if (old === undefined || !isPlainObject(old.connection) || !isPlainObject(connection)) {
      if (old === undefined || !sameJson(old.connection, connection)) {
        if (old !== undefined) changes.push({ kind: "connection-removed", key, index: old.index });
        changes.push({ kind: "connection-added", key, index, connection });
      }
      return;
    }
    for (const field of unionOfKeys(old.connection, connection)) {
      const value = valueOf(connection, field);
      if (!sameJson(valueOf(old.connection, field), value)) changes.push({ kind: "connection-field", key, index, field, value });
    }
  });
  const kept = new Set(afterKeys);
  for (const [key, { index }] of earlier) if (!kept.has(key)) changes.push({ kind: "connection-removed", key, index });
}

function unionOfKeys(before: JsonObject, after: JsonObject): string[] {
  const keys = safeEntries(after).map(([key]) => key);
  for (const [key] of safeEntries(before)) if (!Object.hasOwn(after, key)) keys.push(key);
  return keys;
}

function valueOf(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
