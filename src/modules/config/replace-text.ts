// The replace plugin's rules are held twice by tgcf: `text` (a mapping) and `text_raw` (the YAML text tgcf's own
// Plugins page edits, from which it rebuilds `text` at every save). Keeping them in step lets either UI edit them.
import { isPlainObject, safeEntries } from "./safe-object";

/** YAML text that tgcf's page loads back (yaml.safe_load) to exactly `rules`: one double-quoted pair per line. */
export function replaceRulesAsYaml(rules: unknown): string {
  if (!isPlainObject(rules)) return "";
  return safeEntries(rules)
    .map(([from, to]) => `${JSON.stringify(from)}: ${JSON.stringify(typeof to === "string" ? to : String(to))}`)
    .join("\n");
}
