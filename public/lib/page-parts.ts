// Which top-level parts of the config each page edits; parts no page claims go to Advanced, so new tgcf fields still get a form.
import type { SchemaNode } from "./schema-node.ts";

export const PAGE_PARTS = {
  account: ["login"],
  admins: ["admins"],
  connections: ["forwards"],
  plugins: ["plugins"],
  run: ["mode", "live", "past", "show_forwarded_from"],
  advanced: ["bot_messages"],
} as const satisfies Record<string, readonly string[]>;

/** Top-level fields used only by tgcf's own web interface. */
export const UNSHOWN_PARTS: readonly string[] = ["pid", "theme"];

/** Top-level properties of the schema that no page lists (shown under Advanced, "Other settings"). */
export function unclaimedParts(schema: SchemaNode): string[] {
  const claimed = new Set<string>([...Object.values(PAGE_PARTS).flat(), ...UNSHOWN_PARTS]);
  return Object.keys(schema.properties ?? {}).filter((key) => !claimed.has(key));
}
