// Moves unsaved edits onto a newer config (after a conflict, a reload or another page's save): what only the other
// side changed is taken, what only the person changed is kept, and a value both changed differently is a conflict.
import { jsonEqual } from "../../src/shared/json-patch";
import { areRecordArrays, inferOrigins, isRecord, validOrigins, type ArrayOrigins, type DiffOptions } from "../../src/shared/json-diff";
import { childPointer, isWithin } from "./json-pointer.ts";
import { alignRecords } from "./record-alignment.ts";

type JsonRecord = Record<string, unknown>;

/** One value changed both on disk and in the draft. */
export interface FieldConflict {
  /** Where it is in the draft (labels, focus). */
  path: string;
  /** Where it is in the saved config, whose value the save's `test` compares. */
  basePath: string;
  /** What the page started from. */
  base: unknown;
  /** What is on disk now; undefined when it is gone. */
  theirs: unknown;
  /** What the draft holds. */
  mine: unknown;
}

export interface Rebased {
  /** The newer config, except where a conflict keeps the value the edits started from (so a save is refused there). */
  base: unknown;
  draft: unknown;
  origins: Record<string, (number | null)[]>;
  conflicts: FieldConflict[];
}

interface MergeContext {
  options: DiffOptions;
  origins: ArrayOrigins;
  outOrigins: Record<string, (number | null)[]>;
  conflicts: FieldConflict[];
}

interface Paths {
  base: string;
  /** In the draft as it was (where its origins are recorded). */
  draftIn: string;
  /** In the merged draft. */
  draftOut: string;
}

/** The draft's edits (from `base`) moved onto `fresh`. */
export function rebase(base: unknown, draft: unknown, fresh: unknown, options: DiffOptions = {}): Rebased {
  const context: MergeContext = { options, origins: options.origins ?? {}, outOrigins: {}, conflicts: [] };
  const merged = merge(base, draft, fresh, { base: "", draftIn: "", draftOut: "" }, context);
  return { ...merged, origins: context.outOrigins, conflicts: context.conflicts };
}

function merge(base: unknown, draft: unknown, fresh: unknown, at: Paths, context: MergeContext): { base: unknown; draft: unknown } {
  if (jsonEqual(base, draft)) return { base: fresh, draft: fresh };
  if (jsonEqual(base, fresh)) {
    keepOrigins(context, at);
    return { base, draft };
  }
  if (jsonEqual(draft, fresh)) return { base: fresh, draft };
  if (!context.options.isLeaf?.(at.draftIn)) {
    if (isRecord(base) && isRecord(draft) && isRecord(fresh)) return mergeRecords(base, draft, fresh, at, context);
    if (areRecordArrays(base, draft) && areRecordArrays(base, fresh)) {
      const merged = mergeRecordArrays(base, draft as JsonRecord[], fresh as JsonRecord[], at, context);
      if (merged) return merged;
    }
  }
  return conflict(base, draft, fresh, at, context);
}

function conflict(base: unknown, draft: unknown, fresh: unknown, at: Paths, context: MergeContext) {
  context.conflicts.push({ path: at.draftOut, basePath: at.base, base, theirs: fresh, mine: draft });
  keepOrigins(context, at);
  return { base, draft };
}

function keepOrigins(context: MergeContext, at: Paths): void {
  for (const [pointer, origins] of Object.entries(context.origins)) {
    if (isWithin(pointer, at.draftIn)) context.outOrigins[at.draftOut + pointer.slice(at.draftIn.length)] = [...origins];
  }
}

const step = (at: Paths, base: string | number, draftIn: string | number, draftOut: string | number): Paths => ({
  base: childPointer(at.base, base),
  draftIn: childPointer(at.draftIn, draftIn),
  draftOut: childPointer(at.draftOut, draftOut),
});

function mergeRecords(base: JsonRecord, draft: JsonRecord, fresh: JsonRecord, at: Paths, context: MergeContext) {
  const mergedBase: JsonRecord = {};
  const mergedDraft: JsonRecord = {};
  for (const key of new Set([...Object.keys(fresh), ...Object.keys(draft), ...Object.keys(base)])) {
    const value = (record: JsonRecord) => (Object.hasOwn(record, key) ? record[key] : undefined);
    const merged = merge(value(base), value(draft), value(fresh), step(at, key, key, key), context);
    if (merged.base !== undefined) mergedBase[key] = merged.base;
    if (merged.draft !== undefined) mergedDraft[key] = merged.draft;
  }
  return { base: mergedBase, draft: mergedDraft };
}

/**
 * Connections: when only one side added, removed or reordered elements, the merge follows that side's order and merges
 * the fields of the elements both sides have (found by identity, so a connection renamed on disk is still found). When
 * both sides restructured the list, or the other side removed a connection the person edited, the whole list is one
 * conflict (null is returned and the caller records it).
 */
function mergeRecordArrays(base: JsonRecord[], draft: JsonRecord[], fresh: JsonRecord[], at: Paths, context: MergeContext) {
  const keys = context.options.identityKeys?.(at.draftIn) ?? [];
  const origins = validOrigins(context.origins[at.draftIn], base.length, draft.length) ?? inferOrigins(base, draft, keys);
  const alignment = alignRecords(base, fresh, keys);
  const mineRestructured = draft.length !== base.length || origins.some((origin, index) => origin !== index);
  const theirsRestructured = fresh.length !== base.length || alignment.some((index, position) => index !== position);
  if (mineRestructured && theirsRestructured) return null;

  if (!mineRestructured) {
    if (alignment.some((index, position) => index === null && !jsonEqual(base[position], draft[position]))) return null;
    const fromBase = fresh.map((_, index) => alignment.indexOf(index));
    const merged = fresh.map((record, index) => {
      const position = fromBase[index]!;
      return position < 0 ? { base: record, draft: record } : merge(base[position], draft[position], record, step(at, index, position, index), context);
    });
    return { base: merged.map((item) => item.base), draft: merged.map((item) => item.draft) };
  }

  // Only the person restructured: the fresh list has the saved one's elements in the same places.
  const mergedBase: unknown[] = [...fresh];
  const mergedDraft = draft.map((record, position) => {
    const origin = origins[position]!;
    if (origin === null) return record;
    const merged = merge(base[origin], record, fresh[origin], step(at, origin, position, position), context);
    mergedBase[origin] = merged.base;
    return merged.draft;
  });
  context.outOrigins[at.draftOut] = origins;
  return { base: mergedBase, draft: mergedDraft };
}

/** The pointer of the top-level key a pointer lies in ("/forwards/0/dest" → "forwards"). */
export function topLevelKey(pointer: string): string {
  return pointer.split("/")[1]?.replace(/~1/g, "/").replace(/~0/g, "~") ?? "";
}
