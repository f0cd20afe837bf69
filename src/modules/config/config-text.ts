// Reading the bytes of a config file (the live one or a backup) into a config, or into the reasons it is not one.
import { createHash } from "node:crypto";
import type { FieldError } from "../../utils/api-error";
import { coerceConfigFromDisk } from "./coerce";
import { parseJsonText } from "./json-text";
import { quotePythonOnlyValues } from "./python-json";
import type { TgcfConfig } from "./model";

export type ConfigTextRead =
  | { state: "ok"; raw: string; config: TgcfConfig; warnings: string[] }
  | { state: "invalid"; raw: string; errors: FieldError[] };

/** A FieldError that also says where in the text the problem is. */
export interface TextFieldError extends FieldError {
  line: number;
  column: number;
}

const ETAG_HASH_HEX_LENGTH = 32;

/** A strong, quoted ETag for file contents. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash("sha256").update(bytes).digest("hex").slice(0, ETAG_HASH_HEX_LENGTH)}"`;
}

/** Interprets file bytes as tgcf does: UTF-8 (a BOM is an error, as for tgcf), JSON, then pydantic's coercions. */
export function readConfigText(bytes: Uint8Array): ConfigTextRead {
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    raw = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    return { state: "invalid", raw, errors: [{ path: "", message: "the file is not valid UTF-8 text" }] };
  }
  const python = quotePythonOnlyValues(raw);
  const parsed = parseJsonText(python.text);
  if (!parsed.ok) {
    const { line, column } = parsed;
    const error: TextFieldError = { path: "", message: `malformed JSON: ${parsed.message} at line ${line}, column ${column}`, line, column };
    return { state: "invalid", raw, errors: [error] };
  }
  const coerced = coerceConfigFromDisk(parsed.value);
  if (!coerced.ok) return { state: "invalid", raw, errors: coerced.errors };
  const kept = python.kept.map((value) => `: ${value} is read as the text "${value}" (JavaScript cannot hold it as a number; tgcf reads the text the same way)`);
  return { state: "ok", raw, config: coerced.config, warnings: [...coerced.warnings, ...kept] };
}
