// The JSON Patch (RFC 6902) that turns a saved document into an edited one, each change guarded by `test`s of the values
// it started from: a save then applies only what the person changed, keeps what others changed meanwhile elsewhere,
// and is refused (409) where someone changed that very value. Pure: the UI builds these patches, the server applies them.
import { childPointer } from "./json-pointer";
import { jsonEqual, type JsonPatchOperation } from "./json-patch";

type JsonRecord = Record<string, unknown>;

/** For an array of records at a pointer of the draft: the index in the saved array each element came from, or null when new. */
export type ArrayOrigins = Readonly<Record<string, readonly (number | null)[]>>;

export interface DiffOptions {
  /** Where the elements of restructured arrays of records came from; without an entry they are matched (see inferOrigins). */
  origins?: ArrayOrigins;
  /** The keys that tell the records of the array at `arrayPointer` apart (a connection's name and source). Default: none. */
  identityKeys?: (arrayPointer: string) => readonly string[];
  /** Values compared and replaced whole (maps whose key order matters). Arrays of anything but records always are. */
  isLeaf?: (pointer: string) => boolean;
}

export function isRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Two arrays holding records only (at least one record between them): edited element by element. */
export function areRecordArrays(a: unknown, b: unknown): a is JsonRecord[] {
  return Array.isArray(a) && Array.isArray(b) && a.length + b.length > 0 && a.every(isRecord) && b.every(isRecord);
}

/** True when `a` and `b` agree on every identity key (and there is at least one). */
export function sameIdentity(a: JsonRecord, b: JsonRecord, keys: readonly string[]): boolean {
  return keys.length > 0 && keys.every((key) => jsonEqual(a[key], b[key]));
}

/**
 * The operations that turn `saved` into `draft`, each preceded by the `test`s that guard it. Leaf values are replaced
 * after a test of their saved value; an array of scalars (destinations, admins, word lists) is a leaf, replaced whole
 * after a test of the whole saved array. Arrays of records are edited element by element (see diffRecordArray).
 */
export function diffToJsonPatch(saved: unknown, draft: unknown, options: DiffOptions = {}): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  diffValue(saved, draft, "", operations, options);
  return operations;
}

function diffValue(saved: unknown, draft: unknown, pointer: string, out: JsonPatchOperation[], options: DiffOptions): void {
  if (jsonEqual(saved, draft)) return;
  if (!options.isLeaf?.(pointer)) {
    if (isRecord(saved) && isRecord(draft)) return diffRecord(saved, draft, pointer, out, options);
    if (areRecordArrays(saved, draft)) return diffRecordArray(saved, draft as JsonRecord[], pointer, out, options);
  }
  if (saved === undefined) out.push({ op: "add", path: pointer, value: structuredClone(draft) });
  else {
    out.push({ op: "test", path: pointer, value: structuredClone(saved) });
    out.push(draft === undefined ? { op: "remove", path: pointer } : { op: "replace", path: pointer, value: structuredClone(draft) });
  }
}

function diffRecord(saved: JsonRecord, draft: JsonRecord, pointer: string, out: JsonPatchOperation[], options: DiffOptions): void {
  for (const [key, value] of Object.entries(draft)) {
    if (value !== undefined) diffValue(Object.hasOwn(saved, key) ? saved[key] : undefined, value, childPointer(pointer, key), out, options);
  }
  for (const [key, value] of Object.entries(saved)) {
    if (value !== undefined && (!Object.hasOwn(draft, key) || draft[key] === undefined)) diffValue(value, undefined, childPointer(pointer, key), out, options);
  }
}

/*
 * Arrays of records (tgcf's connections) change element by element, never whole, so that what tgcf writes into a
 * connection the person did not edit (its offset, as past mode runs) survives the save:
 *   1. removed elements are removed, from the last to the first (so earlier indexes stay put);
 *   2. then, position by position, new elements are added and kept ones moved to their place;
 *   3. then each kept element gets the operations of its own changed fields, at its new index.
 * Every element an operation touches is first identified by `test`s of its identity keys (a connection's name and
 * source) at the index it has at that moment. If the array changed meanwhile (another tab added or removed a
 * connection), an operation would otherwise land on the wrong element; the tests refuse the save instead (409), and the
 * page realigns its edits by identity and sends them again. Identity keys rather than the whole element, because tgcf
 * changes offsets on its own: a test of the whole element would refuse every removal or move while past mode runs.
 * Without identity keys, removals and moves test the whole element and field edits go by position.
 */
function diffRecordArray(saved: JsonRecord[], draft: JsonRecord[], pointer: string, out: JsonPatchOperation[], options: DiffOptions): void {
  const keys = options.identityKeys?.(pointer) ?? [];
  const origins = validOrigins(options.origins?.[pointer], saved.length, draft.length) ?? inferOrigins(saved, draft, keys);
  const at = (index: number) => childPointer(pointer, index);
  const identify = (index: number, record: JsonRecord, skip: ReadonlySet<string> = new Set()): JsonPatchOperation[] =>
    keys.length === 0
      ? [{ op: "test", path: at(index), value: structuredClone(record) }]
      : keys.filter((key) => Object.hasOwn(record, key) && !skip.has(childPointer(at(index), key))).map((key) => ({ op: "test", path: childPointer(at(index), key), value: structuredClone(record[key]) }));

  const kept = new Set(origins.filter((origin): origin is number => origin !== null));
  for (let index = saved.length - 1; index >= 0; index--) {
    if (!kept.has(index)) out.push(...identify(index, saved[index]!), { op: "remove", path: at(index) });
  }
  const current: (number | null)[] = saved.map((_, index) => index).filter((index) => kept.has(index));
  draft.forEach((record, position) => {
    const origin = origins[position]!;
    if (origin === null) {
      out.push({ op: "add", path: at(position), value: structuredClone(record) });
      current.splice(position, 0, null);
      return;
    }
    const from = current.indexOf(origin, position);
    if (from === position) return;
    out.push(...identify(from, saved[origin]!), { op: "move", from: at(from), path: at(position) });
    current.splice(from, 1);
    current.splice(position, 0, origin);
  });
  draft.forEach((record, position) => {
    const origin = origins[position]!;
    if (origin === null) return;
    const edits: JsonPatchOperation[] = [];
    diffValue(saved[origin], record, at(position), edits, options);
    if (edits.length === 0) return;
    const tested = new Set(edits.filter((edit) => edit.op === "test").map((edit) => edit.path));
    if (keys.length > 0) out.push(...identify(position, saved[origin]!, tested));
    out.push(...edits);
  });
}

/** `origins` when it describes `draftLength` elements of an array of `savedLength`, each saved index used once; else null. */
export function validOrigins(origins: readonly (number | null)[] | undefined, savedLength: number, draftLength: number): (number | null)[] | null {
  if (!origins || origins.length !== draftLength) return null;
  const used = new Set<number>();
  for (const origin of origins) {
    if (origin === null) continue;
    if (!Number.isInteger(origin) || origin < 0 || origin >= savedLength || used.has(origin)) return null;
    used.add(origin);
  }
  return [...origins];
}

/**
 * Where each draft element probably came from when nobody kept track: an unchanged element (at its index first), then
 * one with the same identity, then the element at the same index; otherwise it is new.
 */
export function inferOrigins(saved: readonly JsonRecord[], draft: readonly JsonRecord[], keys: readonly string[]): (number | null)[] {
  const origins: (number | null)[] = draft.map(() => null);
  const used = new Set<number>();
  const claim = (matches: (savedRecord: JsonRecord, draftRecord: JsonRecord, savedIndex: number, draftIndex: number) => boolean) => {
    draft.forEach((record, position) => {
      if (origins[position] !== null) return;
      const index = saved.findIndex((candidate, savedIndex) => !used.has(savedIndex) && matches(candidate, record, savedIndex, position));
      if (index < 0) return;
      origins[position] = index;
      used.add(index);
    });
  };
  claim((a, b, i, j) => i === j && jsonEqual(a, b));
  claim((a, b) => jsonEqual(a, b));
  claim((a, b) => sameIdentity(a, b, keys));
  claim((_a, _b, i, j) => i === j);
  return origins;
}
