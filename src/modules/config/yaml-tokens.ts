// Checks on YAML's syntax tree before it becomes a document: composing it recurses once per level of nesting.
import type { CST } from "yaml";
import { MAX_NESTING_DEPTH, YAML_MAX_ALIAS_COUNT, nestedTooDeeply, tooManyAliases } from "./parse-limits";

const COLLECTION_TYPES = new Set(["block-map", "block-seq", "flow-collection"]);

/**
 * Throws ApiError 400 when the tokens nest collections deeper than MAX_NESTING_DEPTH or hold more than
 * YAML_MAX_ALIAS_COUNT aliases. Walks with its own stack, so any depth is safe to look at.
 */
export function checkYamlTokens(tokens: readonly CST.Token[], text: string): void {
  // A stack, filled in reverse so tokens come off it in document order and the first offender is reported.
  const pending: Array<{ token: CST.Token; depth: number }> = tokens.map((token) => ({ token, depth: 0 })).reverse();
  let aliases = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { token } = next;
    const depth = COLLECTION_TYPES.has(token.type) ? next.depth + 1 : next.depth;
    if (depth > MAX_NESTING_DEPTH) throw nestedTooDeeply("YAML", text, token.offset);
    if (token.type === "alias" && ++aliases > YAML_MAX_ALIAS_COUNT) throw tooManyAliases();
    for (const child of childrenOf(token).reverse()) pending.push({ token: child, depth });
  }
}

function childrenOf(token: CST.Token): CST.Token[] {
  switch (token.type) {
    case "document":
      return token.value ? [token.value] : [];
    case "block-map":
    case "block-seq":
    case "flow-collection":
      return token.items.flatMap((item: CST.CollectionItem) => [item.key, item.value].filter((child) => child != null));
    default:
      return [];
  }
}
