// The changes saved through the server since the running tgcf started, and how they are written back over
// tgcf's own writes of its startup copy (it writes all of it back after every past-mode message and bot command).
//
// Who wins, field by field (see reapply-diff.ts for what a field is and how connections are matched):
// - a field the person saved: the person's value, whatever tgcf wrote;
// - any field the person did not save: tgcf's value;
// - the offset of a connection tgcf started with: tgcf's value once tgcf has moved it (past-mode progress, never
//   rewound); until then the person's saved value, if any (live mode never moves offsets);
// - a connection the person added: appended again, unless tgcf's version has a connection with that key
//   (its bot's /forward added one since: tgcf acted last);
// - a connection the person removed: removed again if tgcf started with it; one tgcf's bot added since stays;
// - a connection the person edited that tgcf's version no longer has (its bot's /remove, after the save): stays removed.
import { isWithin, parsePointer, toPointer } from "../../shared/json-pointer";
import {
  connectionKeys,
  connectionsByKey,
  FORWARDS_FIELD,
  forwardsOf,
  OFFSET_FIELD,
  sameJson,
  type ConfigChange,
  type ConnectionKey,
} from "./reapply-diff";
import type { TgcfConfig } from "./model";
import { getOwn, isPlainObject, setOwn, type JsonObject } from "./safe-object";

type ConnectionRecord =
  | { state: "added"; pointer: string; connection: unknown }
  | { state: "removed"; pointer: string }
  | { state: "edited"; pointer: string; fields: Map<string, unknown> };

/** What tgcf read at its start, as far as the merge needs it: its connections and their offsets. */
export interface StartedWith {
  offsets: ReadonlyMap<ConnectionKey, unknown>;
}

export function startedWith(config: unknown): StartedWith {
  const offsets = new Map<ConnectionKey, unknown>();
  for (const [key, { connection }] of connectionsByKey(config)) {
    offsets.set(key, isPlainObject(connection) ? getOwn(connection, OFFSET_FIELD) : undefined);
  }
  return { offsets };
}

export class SavedChanges {
  /** Leaves outside /forwards, in the order saved (a later save of a leaf inside an earlier one applies after it). */
  private readonly fields = new Map<string, unknown>();
  private readonly connections = new Map<ConnectionKey, ConnectionRecord>();

  get isEmpty(): boolean {
    return this.fields.size === 0 && this.connections.size === 0;
  }

  /** Adds the changes of one save (from diffConfigs: the config it started from → the config it wrote). */
  record(changes: readonly ConfigChange[]): void {
    for (const change of changes) {
      if (change.kind === "field") this.recordField(change.pointer, change.value);
      else this.recordConnection(change);
    }
  }

  /** The JSON pointers of the saved fields, as they were when saved. */
  pointers(): string[] {
    const pointers = [...this.fields.keys()];
    for (const record of this.connections.values()) {
      if (record.state === "edited") for (const field of record.fields.keys()) pointers.push(record.pointer + toPointer([field]));
      else pointers.push(record.pointer);
    }
    return pointers;
  }

  clear(): void {
    this.fields.clear();
    this.connections.clear();
  }

  /** tgcf's version with the saved changes written over it (a new object; `tgcf` is not modified). */
  applyTo(tgcf: TgcfConfig, started: StartedWith): TgcfConfig {
    let merged = structuredClone(tgcf) as unknown as JsonObject;
    for (const [pointer, value] of this.fields) merged = withLeaf(merged, parsePointer(pointer), value);
    const forwards = forwardsOf(merged);
    if (forwards !== undefined && this.connections.size > 0) setOwn(merged, FORWARDS_FIELD, this.mergeConnections(forwards, started));
    return merged as unknown as TgcfConfig;
  }

  private recordField(pointer: string, value: unknown): void {
    for (const saved of [...this.fields.keys()]) if (isWithin(saved, pointer)) this.fields.delete(saved);
    this.fields.set(pointer, value);
  }

  private recordConnection(change: Exclude<ConfigChange, { kind: "field" }>): void {
    const pointer = toPointer([FORWARDS_FIELD, change.index]);
    const record = this.connections.get(change.key);
    if (change.kind === "connection-added") {
      this.connections.set(change.key, { state: "added", pointer, connection: structuredClone(change.connection) });
    } else if (change.kind === "connection-removed") {
      this.connections.set(change.key, { state: "removed", pointer });
    } else if (record?.state === "added" && isPlainObject(record.connection)) {
      if (change.value === undefined) delete record.connection[change.field];
      else setOwn(record.connection, change.field, structuredClone(change.value));
      record.pointer = pointer;
    } else if (record?.state === "edited") {
      record.fields.set(change.field, structuredClone(change.value));
      record.pointer = pointer;
    } else {
      this.connections.set(change.key, { state: "edited", pointer, fields: new Map([[change.field, structuredClone(change.value)]]) });
    }
  }

  private mergeConnections(tgcfForwards: unknown[], started: StartedWith): unknown[] {
    const keys = connectionKeys(tgcfForwards);
    const indexOf = new Map(keys.map((key, index) => [key, index]));
    const merged = tgcfForwards.map((connection) => structuredClone(connection));
    const removed = new Set<number>();
    const appended: unknown[] = [];
    for (const [key, record] of this.connections) {
      const index = indexOf.get(key);
      if (record.state === "added") {
        if (index === undefined) appended.push(structuredClone(record.connection));
      } else if (record.state === "removed") {
        if (index !== undefined && started.offsets.has(key)) removed.add(index);
      } else if (index !== undefined && isPlainObject(merged[index])) {
        editConnection(merged[index], key, record.fields, started);
      }
    }
    return [...merged.filter((_, index) => !removed.has(index)), ...appended];
  }
}

function editConnection(connection: JsonObject, key: ConnectionKey, fields: ReadonlyMap<string, unknown>, started: StartedWith): void {
  for (const [field, value] of fields) {
    const movedByTgcf = field === OFFSET_FIELD && started.offsets.has(key) && !sameJson(getOwn(connection, field), started.offsets.get(key));
    if (movedByTgcf) continue;
    if (value === undefined) delete connection[field];
    else setOwn(connection, field, structuredClone(value));
  }
}

/** A copy of `node` with the leaf at `segments` set to `value` (or removed when undefined); objects on the way are made. */
function withLeaf(node: JsonObject, segments: string[], value: unknown): JsonObject {
  const [head, ...rest] = segments;
  if (head === undefined) return node;
  const copy: JsonObject = { ...node };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else setOwn(copy, head, structuredClone(value));
    return copy;
  }
  const child = getOwn(node, head);
  setOwn(copy, head, withLeaf(isPlainObject(child) ? child : {}, rest, value));
  return copy;
}
