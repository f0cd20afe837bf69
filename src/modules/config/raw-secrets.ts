// Secrets inside a config file that is not valid: the raw text is shown for repair, never the secret values.
import { SECRET_PATHS, SECRET_PLACEHOLDER } from "./secrets";
import type { JsonObject } from "./safe-object";

const SECRET_KEYS = [...new Set(SECRET_PATHS.map((path) => path.at(-1)!))];
const SECRET_KEY = `"(?:${SECRET_KEYS.join("|")})"\\s*:\\s*`;
/** A quoted value, also one the file cuts off before its closing quote. */
const QUOTED_SECRET = new RegExp(`(${SECRET_KEY})"((?:[^"\\\\]|\\\\.)*)("|\\\\?$)`, "g");
/** A value written without quotes (not JSON, but a hand-edited file may hold one). */
const BARE_SECRET = new RegExp(`(${SECRET_KEY})([^"\\s,}\\]][^,}\\]\\n]*)`, "g");
const ANY_KEY = /"((?:[^"\\]|\\.)*)"\s*:/g;

/**
 * The text with every secret value replaced by the placeholder, or null when that cannot be done safely:
 * a key spelled with escapes (`"API\u005fHASH"`) could hide a secret from the patterns above.
 */
export function redactRawSecrets(raw: string): string | null {
  for (const [, key] of raw.matchAll(ANY_KEY)) {
    if (!key!.includes("\\")) continue;
    try {
      if (SECRET_KEYS.includes(JSON.parse(`"${key}"`) as string)) return null;
    } catch {
      return null;
    }
  }
  return raw
    .replace(QUOTED_SECRET, (_match, prefix: string, value: string, end: string) => `${prefix}"${value ? SECRET_PLACEHOLDER : ""}${end ? '"' : ""}`)
    .replace(BARE_SECRET, (_match, prefix: string) => `${prefix}"${SECRET_PLACEHOLDER}"`);
}

/** The parsed object of a file that is JSON but not a valid config, to restore secrets from; null when not JSON. */
export function parsedObjectOf(raw: string): JsonObject | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as JsonObject) : null;
  } catch {
    return null;
  }
}
