// How the config's edits become JSON Patch operations: which records are told apart by which fields, and which
// values are replaced whole. The pure diff and merge take these as options.
import type { ArrayOrigins, DiffOptions } from "../../src/shared/json-diff";
import { fieldKind, schemaAt, type SchemaNode } from "./schema-node.ts";

/** The fields that identify a record of an array, by the array's pointer (`*` for any index). */
const IDENTITY_KEYS: Record<string, readonly string[]> = {
  "/forwards": ["con_name", "source"],
};

/** Kinds of field replaced whole: a map of replacements keeps its order only so; a JSON field is one value. */
const WHOLE_VALUE_KINDS = new Set(["string-map", "unknown"]);

const pattern = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, "/*");

/** The diff and merge options for the config described by `schema`, with the draft's `origins`. */
export function configPatchOptions(schema: SchemaNode | null, origins: ArrayOrigins): DiffOptions {
  return {
    origins,
    identityKeys: (pointer) => IDENTITY_KEYS[pattern(pointer)] ?? [],
    isLeaf(pointer) {
      const node = schema && pointer !== "" ? schemaAt(schema, pointer) : null;
      return node !== null && WHOLE_VALUE_KINDS.has(fieldKind(node).kind);
    },
  };
}
