// Bounds on the work one request body may cause: how deep it nests and how far YAML aliases may expand it.
import { ApiError } from "../../utils/api-error";
import { MAX_BODY_BYTES } from "../../utils/body-limit";
import { lineAndColumn } from "./json-text";

/** Arrays and objects inside one another: tgcf's config needs about 5, and parsers recurse once per level. */
export const MAX_NESTING_DEPTH = 64;

/** The largest a YAML body may grow once its aliases are replaced by what they name: the body limit itself. */
export const MAX_EXPANDED_BYTES = MAX_BODY_BYTES;

/** Anchors and aliases allowed in one YAML document: enough for real configs, too few for a "billion laughs". */
export const YAML_MAX_ALIAS_COUNT = 100;

/** 400 for a document nested deeper than MAX_NESTING_DEPTH, pointing at the first array or object too deep. */
export function nestedTooDeeply(format: string, text: string, offset: number): ApiError {
  const { line, column } = lineAndColumn(text, offset);
  return new ApiError(
    400,
    `${format} nested too deeply: at most ${MAX_NESTING_DEPTH} levels of arrays and objects, found more at line ${line}, column ${column}`,
    { line, column },
  );
}

/** 413 for YAML whose aliases would make it larger than the body limit. */
export function expandsTooMuch(): ApiError {
  return new ApiError(
    413,
    `YAML expands to more than ${MAX_EXPANDED_BYTES} bytes: its aliases (*name) repeat anchored values (&name) beyond the body limit; write the values out or repeat them less`,
  );
}

/** 400 for YAML with more aliases than YAML_MAX_ALIAS_COUNT. */
export function tooManyAliases(): ApiError {
  return new ApiError(400, `malformed YAML: more than ${YAML_MAX_ALIAS_COUNT} aliases (*name): write the values out instead`);
}

const OPENERS = new Set(["[", "{"]);
const CLOSERS = new Set(["]", "}"]);

/**
 * The offset of the first `[` or `{` nested deeper than MAX_NESTING_DEPTH in JSON text, or -1.
 * One pass over the characters, skipping strings; it runs before parsing, so malformed text is fine.
 */
export function jsonTooDeepOffset(text: string): number {
  let depth = 0;
  let inString = false;
  for (let offset = 0; offset < text.length; offset++) {
    const char = text[offset]!;
    if (inString) {
      if (char === "\\") offset++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (OPENERS.has(char)) {
      if (++depth > MAX_NESTING_DEPTH) return offset;
    } else if (CLOSERS.has(char) && depth > 0) depth--;
  }
  return -1;
}
