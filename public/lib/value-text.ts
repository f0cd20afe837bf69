// A config value as a person reads it in a comparison ("theirs" and "mine" of a conflict): secrets never shown.
import { isSecretPointer, SECRET_PLACEHOLDER } from "./secrets.ts";

/** Longer texts are cut: the field itself shows the whole value. */
const MAX_TEXT = 200;

const cut = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

/** How `value` at `pointer` reads; `nullText` names what null means there ("Off", "No end"). */
export function describeValue(value: unknown, pointer: string, nullText = "none (null)"): string {
  if (value === undefined) return "not there";
  if (isSecretPointer(pointer)) return value === SECRET_PLACEHOLDER ? "set (hidden)" : value === "" ? "not set" : "a new value (hidden)";
  if (value === null) return nullText;
  if (value === "") return "empty text (\"\")";
  if (typeof value === "string") return cut(JSON.stringify(value));
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "an empty list";
    const names = value.map((item) => (item && typeof item === "object" && "con_name" in item ? String((item as { con_name: unknown }).con_name) : typeof item === "object" ? JSON.stringify(item) : String(item)));
    return cut(`${value.length} ${value.length === 1 ? "entry" : "entries"}: ${names.join(", ")}`);
  }
  return cut(JSON.stringify(value));
}
