// Secrets inside a config file that is not valid: the raw text is shown for repair, never the secret values.
import { replaceSecretValues } from "./raw-scanner";
import { hidesEverySecret, spellsSecretName } from "./raw-verify";
import { SECRET_PATHS, SECRET_PLACEHOLDER } from "./secrets";
import type { JsonObject } from "./safe-object";

/** The names of the fields holding secrets, wherever they sit. */
export const SECRET_KEYS: readonly string[] = [...new Set(SECRET_PATHS.map((path) => path.at(-1)!))];

const NAME_PATTERN = SECRET_KEYS.map((key) => key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
/** The sections that hold secrets (login, sender): written as anything but an object (YAML anchors and tags aside), their value could be one. */
const SECRET_SECTIONS = [...new Set(SECRET_PATHS.flatMap((path) => path.slice(0, -1)))].filter((key) => key !== "plugins");
const SECTION_NOT_AN_OBJECT = new RegExp(`["']?(?:${SECRET_SECTIONS.join("|")})["']?[ \\t]*[:=][ \\t]*(?:[&!]\\S*[ \\t]+)*(?=[^\\s{&!#])`, "i");

/**
 * The text with every value under a secret key (any letter case, quoting or syntax: JSON, a Python dict, YAML)
 * replaced by the placeholder, or null when that cannot be done safely. Null when, after redaction, a secret's
 * name is still followed by anything but the placeholder (a missing ":", the name inside other text), when a key
 * is spelled with escapes or split strings (`"API\u005fHASH"`, `'API_' 'HASH'`), or when a secret is a YAML alias.
 */
export function redactRawSecrets(raw: string): string | null {
  // Found by attacking: `"login": "the token"` or `"sender": [...]` holds what may be a secret under no secret name.
  if (SECTION_NOT_AN_OBJECT.test(raw)) return null;
  const anyName = new RegExp(NAME_PATTERN, "gi");
  const redacted = replaceSecretValues(raw, new RegExp(NAME_PATTERN, "i"), SECRET_PLACEHOLDER, (text) => spellsSecretName(text, anyName));
  if (redacted === null) return null;
  return hidesEverySecret(redacted, anyName, SECRET_PLACEHOLDER) ? redacted : null;
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
