// Secrets inside a config file that is not valid: the raw text is shown for repair, never the secret values.
import { SECRET_PATHS, SECRET_PLACEHOLDER } from "./secrets";
import type { JsonObject } from "./safe-object";

const SECRET_KEYS = [...new Set(SECRET_PATHS.map((path) => path.at(-1)!))];
const SECRET_VALUE_PATTERN = new RegExp(`("(?:${SECRET_KEYS.join("|")})"\\s*:\\s*)"((?:[^"\\\\]|\\\\.)*)"`, "g");

/** The text with every non-empty secret string value replaced by the placeholder. */
export function redactRawSecrets(raw: string): string {
  return raw.replace(SECRET_VALUE_PATTERN, (_match, prefix: string, value: string) => `${prefix}"${value ? SECRET_PLACEHOLDER : ""}"`);
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
