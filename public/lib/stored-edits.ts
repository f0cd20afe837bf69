// Unsaved edits as kept in this tab's storage across a reload: the changed top-level parts as saved and as edited,
// so a reload can still tell the person's changes from changes made on disk meanwhile. Typed secrets are never kept.
import type { ArrayOrigins } from "../../src/shared/json-diff";
import { jsonEqual } from "../../src/shared/json-patch";
import { putAt } from "./document-edit.ts";
import { childPointer, getAt, isWithin } from "./json-pointer.ts";
import { applyMergePatch, pickKeys } from "./merge-patch.ts";
import { SECRET_POINTERS } from "./secrets.ts";

type Document = Record<string, unknown>;

const FORMAT = "base-and-draft";

export interface StoredEdits {
  format: typeof FORMAT;
  base: Document;
  draft: Document;
  origins: ArrayOrigins;
}

/** Edits waiting to be moved onto the config read from the server. */
export interface PendingEdits {
  base: Document;
  draft: Document;
  origins: ArrayOrigins;
}

/** What to store for `draft` edited from `base`, or undefined when nothing differs. */
export function storedEditsOf(base: Document, draft: Document, origins: ArrayOrigins): StoredEdits | undefined {
  const changed = [...new Set([...Object.keys(base), ...Object.keys(draft)])].filter((key) => !jsonEqual(base[key], draft[key]));
  if (changed.length === 0) return undefined;
  let safeDraft = pickKeys(draft, changed);
  for (const pointer of SECRET_POINTERS) {
    if (getAt(safeDraft, pointer) !== undefined) safeDraft = putAt(safeDraft, pointer, getAt(base, pointer));
  }
  const keptOrigins = Object.fromEntries(Object.entries(origins).filter(([pointer]) => changed.some((key) => isWithin(pointer, childPointer("", key)))));
  return { format: FORMAT, base: pickKeys(base, changed), draft: safeDraft, origins: keptOrigins };
}

/** The stored edits laid over `fresh`; a merge patch stored by an older version is applied to it as it is. */
export function pendingFromStorage(stored: unknown, fresh: Document): PendingEdits | undefined {
  if (stored === undefined || stored === null || typeof stored !== "object") return undefined;
  const edits = stored as Partial<StoredEdits>;
  if (edits.format !== FORMAT) return { base: fresh, draft: applyMergePatch(fresh, stored) as Document, origins: {} };
  const base: Document = { ...fresh, ...edits.base };
  const draft: Document = { ...fresh, ...edits.draft };
  for (const key of Object.keys(edits.base ?? {})) if (!Object.hasOwn(edits.draft ?? {}, key)) delete draft[key];
  return { base, draft, origins: edits.origins ?? {} };
}
