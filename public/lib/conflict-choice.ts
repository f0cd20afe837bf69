// What the person's choice for a conflicting field does to the edits: both choices move the field's saved value to
// what is on disk now, so the next save tests against it; "theirs" also drops the person's edit of that field.
import type { ArrayOrigins } from "../../src/shared/json-diff";
import { putAt } from "./document-edit.ts";
import { originsOutside } from "./draft-origins.ts";
import type { FieldConflict } from "./three-way-merge.ts";

export type ConflictChoice = "mine" | "theirs";

export interface Edits<T> {
  base: T;
  draft: T;
  origins: ArrayOrigins;
}

/**
 * `edits` with `conflict` settled by `choice`. Keeping mine re-sends the draft's value with a test against the value
 * now on disk; taking theirs leaves nothing to send for that field. A list chosen whole starts its origins over.
 */
export function resolveConflict<T>(edits: Edits<T>, conflict: FieldConflict, choice: ConflictChoice): Edits<T> {
  const base = putAt(edits.base, conflict.basePath, structuredClone(conflict.theirs));
  const draft = choice === "theirs" ? putAt(edits.draft, conflict.path, structuredClone(conflict.theirs)) : edits.draft;
  return { base, draft, origins: originsOutside(edits.origins, [conflict.path]) };
}
