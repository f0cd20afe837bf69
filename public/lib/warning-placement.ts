// Where each warning about the config is shown: at its field when the page shows that field, otherwise in the list at
// the top of the page holding its part (keys tgcf does not know, whole sections, parts no page shows: Advanced).
import type { ConfigWarning } from "../api/types.ts";
import { hintFor } from "../fields/hints.ts";
import { getAt, parsePointer, toPointer } from "./json-pointer.ts";
import { PAGE_PARTS } from "./page-parts.ts";
import { fieldKind, schemaAt, type SchemaNode } from "./schema-node.ts";
import { topLevelKey } from "./three-way-merge.ts";

/** Kinds of value drawn by a component that shows its own messages (whole sections and lists of records are not). */
const FIELD_KINDS = new Set(["boolean", "integer", "number", "string", "choice", "peer", "nullable", "choice-list", "list", "string-map", "unknown"]);

const CLAIMED_PARTS = new Set<string>(Object.values(PAGE_PARTS).flat());

export interface PlacedWarnings {
  atFields: ConfigWarning[];
  listed: ConfigWarning[];
}

/** True when the form draws a field for `pointer` (known to the schema, not hidden, its condition met). */
export function isShownAtField(root: SchemaNode, pointer: string, draft: unknown): boolean {
  const node = pointer === "" ? null : schemaAt(root, pointer);
  if (!node || !FIELD_KINDS.has(fieldKind(node).kind)) return false;
  const segments = parsePointer(pointer);
  return segments.every((_, index) => {
    const at = toPointer(segments.slice(0, index + 1));
    const hint = hintFor(at);
    const parent = getAt(draft, toPointer(segments.slice(0, index)));
    return !hint.hidden && (!hint.when || hint.when(parent && typeof parent === "object" ? (parent as Record<string, unknown>) : {}));
  });
}

/**
 * The warnings of the form for the top-level `keys`, split by where they show. The form that edits the Advanced
 * page's part also takes those of parts no page edits (unknown top-level keys, fields only tgcf's own UI uses).
 */
export function placeWarnings(warnings: readonly ConfigWarning[], keys: readonly string[], root: SchemaNode, draft: unknown): PlacedWarnings {
  const takesUnclaimed = PAGE_PARTS.advanced.some((key) => keys.includes(key));
  const placed: PlacedWarnings = { atFields: [], listed: [] };
  for (const warning of warnings) {
    const key = topLevelKey(warning.path);
    const belongs = keys.includes(key) || (takesUnclaimed && !CLAIMED_PARTS.has(key) && !keys.includes(key));
    if (!belongs) continue;
    (keys.includes(key) && isShownAtField(root, warning.path, draft) ? placed.atFields : placed.listed).push(warning);
  }
  return placed;
}
