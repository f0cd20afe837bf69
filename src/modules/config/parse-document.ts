// Request bodies as JSON or YAML, turned into plain JSON values with no way to reach a prototype.
import type { YAMLError } from "yaml";
import { ApiError, type FieldError } from "../../utils/api-error";
import { lineAndColumn, parseJsonText } from "./json-text";
import { copyJsonValue } from "./safe-object";

/** Anchors and aliases allowed in one YAML document: enough for real configs, too few for a "billion laughs". */
export const YAML_MAX_ALIAS_COUNT = 100;

const JSON_MEDIA_TYPE = "application/json";
const JSON_SUFFIX = "+json";
const YAML_MEDIA_TYPES = new Set(["application/yaml", "application/x-yaml", "text/yaml"]);
const UNSUPPORTED_CONTENT_TYPE = "unsupported content type: use application/json or application/yaml";

/** The media type of a Content-Type header: lower case, without parameters such as charset. */
function mediaTypeOf(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/**
 * Parses a request body by its Content-Type: JSON (application/json, any +json) or YAML (application/yaml,
 * application/x-yaml, text/yaml; core schema, no custom tags, unique keys, at most 100 aliases).
 * Throws ApiError 400 with {line, column} for malformed text, 415 for any other content type.
 */
export function parseDocument(text: string, contentType: string | null): unknown {
  const mediaType = contentType === null ? "" : mediaTypeOf(contentType);
  if (mediaType === JSON_MEDIA_TYPE || mediaType.endsWith(JSON_SUFFIX)) return parseJsonBody(text);
  if (YAML_MEDIA_TYPES.has(mediaType)) return parseYamlBody(text);
  throw new ApiError(415, UNSUPPORTED_CONTENT_TYPE);
}

function parseJsonBody(text: string): unknown {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column } = parsed;
    throw new ApiError(400, `malformed JSON: ${parsed.message} at line ${line}, column ${column}`, { line, column });
  }
  return toPlainJson(parsed.value, "JSON");
}

function parseYamlBody(text: string): unknown {
  const document = yaml().parseDocument(text, {
    schema: "core",
    customTags: [],
    uniqueKeys: true,
    prettyErrors: false,
    logLevel: "error",
  });
  // Warnings (an unknown tag, for instance) would silently change a value's meaning, so they are refused too.
  const [problem] = [...document.errors, ...document.warnings];
  if (problem) throw yamlError(text, problem);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ApiError(400, `malformed YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  return toPlainJson(value, "YAML");
}

// Loaded at the first YAML request, not at start: it is the largest module the server needs (about 15 ms).
let yamlModule: typeof import("yaml") | null = null;
function yaml(): typeof import("yaml") {
  return (yamlModule ??= require("yaml") as typeof import("yaml"));
}

function yamlError(text: string, problem: YAMLError): ApiError {
  const { line, column } = lineAndColumn(text, problem.pos[0]);
  const message = problem.code === "MULTIPLE_DOCS" ? "the text holds several YAML documents: send one" : problem.message.trimEnd();
  return new ApiError(400, `malformed YAML: ${message} at line ${line}, column ${column}`, { line, column });
}

function toPlainJson(value: unknown, format: string): unknown {
  const problems: FieldError[] = [];
  const plain = copyJsonValue(value, "", problems);
  if (problems.length > 0) {
    const [first] = problems;
    throw new ApiError(400, `${format} value not allowed at "${first?.path}": it ${first?.message}`, problems);
  }
  return plain;
}

/** A JSON value as YAML that parseDocument reads back to the same value (no line folding, no anchors). */
export function toYaml(value: unknown): string {
  return yaml().stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}
