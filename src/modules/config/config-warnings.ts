// What tgcf will ignore or do differently from what the config seems to say, at JSON pointers, for the person to see.
// Keys tgcf's model does not know are kept (a newer tgcf may use them), but tgcf drops them when it writes the file.
import type { FieldError } from "../../utils/api-error";
import { childPointer } from "../../shared/json-pointer";
import { TgcfConfigSchema } from "./model";
import type { ModelSchema } from "./schema-reader";
import { isPlainObject, safeEntries } from "./safe-object";

export type ConfigWarning = FieldError & { kind: "unknown-key" | "adjusted" | "kept-as-is" | "plugin" };

/** A key this close to a known one (edits, or the same letters in another case) is probably a typo of it. */
const MAX_TYPO_DISTANCE = 2;

/** Unknown keys at every depth of the model, each with the known key it is probably a typo of. */
export function unknownKeyWarnings(config: unknown): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  walk(TgcfConfigSchema as unknown as ModelSchema, config, "", warnings);
  return warnings;
}

function walk(schema: ModelSchema, value: unknown, path: string, warnings: ConfigWarning[]): void {
  if (schema.type === "array" && Array.isArray(value) && schema.items) {
    value.forEach((item, index) => walk(schema.items!, item, childPointer(path, index), warnings));
    return;
  }
  if (schema.type !== "object" || !isPlainObject(value) || !schema.properties) return;
  const known = Object.keys(schema.properties);
  for (const [key, item] of safeEntries(value)) {
    const child = childPointer(path, key);
    if (Object.hasOwn(schema.properties, key)) {
      walk(schema.properties[key]!, item, child, warnings);
    } else if (typeof schema.additionalProperties !== "object") {
      const guess = closestKey(key, known);
      const advice = guess ? `did you mean ${childPointer(path, guess)}?` : "it will be ignored, and dropped when tgcf writes the file";
      warnings.push({ path: child, kind: "unknown-key", message: `tgcf does not know ${child}: ${advice}` });
    }
  }
}

function closestKey(key: string, known: readonly string[]): string | null {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance <= MAX_TYPO_DISTANCE && (best === null || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The lenient reader's notes ("pointer: what happened") as warnings. */
export function adjustmentWarnings(notes: readonly string[]): ConfigWarning[] {
  return notes.map((note) => {
    const colon = note.indexOf(": ");
    return { path: note.slice(0, colon), kind: "adjusted" as const, message: `tgcf reads this as it says: ${note.slice(colon + 2)}` };
  });
}

/** Plugin combinations tgcf 1.1.8 does not honour, and plugins whose programs this machine lacks. */
export function pluginWarnings(config: unknown, hasProgram: (name: string) => boolean = (name) => Bun.which(name) !== null): ConfigWarning[] {
  if (!isPlainObject(config)) return [];
  const plugins = isPlainObject(config.plugins) ? config.plugins : {};
  const on = (name: string) => isPlainObject(plugins[name]) && (plugins[name] as Record<string, unknown>).check === true;
  const warnings: ConfigWarning[] = [];
  if (on("sender") && config.show_forwarded_from === true) {
    warnings.push({ path: "/show_forwarded_from", kind: "plugin", message: "the sender plugin needs \"Show forwarded from\" off: Telegram forwards are sent by the reading account and skip every plugin" });
  }
  if (on("mark") && !hasProgram("ffmpeg")) warnings.push({ path: "/plugins/mark/check", kind: "plugin", message: "the watermark plugin needs ffmpeg, which was not found on this machine" });
  if (on("ocr") && !hasProgram("tesseract")) warnings.push({ path: "/plugins/ocr/check", kind: "plugin", message: "the OCR plugin needs tesseract, which was not found on this machine" });
  return warnings;
}
