// Request bodies as JSON or YAML, turned into plain JSON values with no way to reach a prototype.
import type { CST, Document, DocumentOptions, ParseOptions, SchemaOptions, YAMLError } from "yaml";
import { ApiError, type FieldError } from "../../utils/api-error";
import { lineAndColumn, parseJsonText } from "./json-text";
import { jsonTooDeepOffset, nestedTooDeeply } from "./parse-limits";
import { copyJsonValue } from "./safe-object";
import { yaml } from "./yaml-module";
import { checkYamlTokens } from "./yaml-tokens";
import { yamlToJson } from "./yaml-to-json";

export { MAX_NESTING_DEPTH, YAML_MAX_ALIAS_COUNT } from "./parse-limits";

/** How yaml reads a body: core schema, no custom tags; yamlToJson checks that keys are unique. */
const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: "core",
  customTags: [],
  // yaml's own check compares every key with every other one: seconds for a 1 MiB mapping.
  uniqueKeys: false,
  logLevel: "error",
};

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
 * Throws ApiError 400 with {line, column} for malformed text or nesting deeper than 64 levels, 413 for YAML
 * whose aliases expand it beyond the body limit (1 MiB), 415 for any other content type.
 */
export function parseDocument(text: string, contentType: string | null): unknown {
  const mediaType = contentType === null ? "" : mediaTypeOf(contentType);
  if (mediaType === JSON_MEDIA_TYPE || mediaType.endsWith(JSON_SUFFIX)) return parseJsonBody(text);
  if (YAML_MEDIA_TYPES.has(mediaType)) return parseYamlBody(text);
  throw new ApiError(415, UNSUPPORTED_CONTENT_TYPE);
}

function parseJsonBody(text: string): unknown {
  const tooDeep = jsonTooDeepOffset(text);
  if (tooDeep >= 0) throw nestedTooDeeply("JSON", text, tooDeep);
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    const { line, column } = parsed;
    throw new ApiError(400, `malformed JSON: ${parsed.message} at line ${line}, column ${column}`, { line, column });
  }
  return toPlainJson(parsed.value, "JSON");
}

function parseYamlBody(text: string): unknown {
  const { Parser } = yaml();
  // The syntax tree is built without recursion; it is checked before composing it, which recurses per level.
  const tokens = [...new Parser().parse(text)];
  checkYamlTokens(tokens, text);
  const document = composeOneDocument(tokens, text);
  // Warnings (an unknown tag, for instance) would silently change a value's meaning, so they are refused too.
  const [problem] = [...document.errors, ...document.warnings];
  if (problem) throw yamlError(text, problem);
  return toPlainJson(yamlToJson(document, text), "YAML");
}

/** The first document of the tokens, as yaml's parseDocument makes it (a second one is an error). */
function composeOneDocument(tokens: CST.Token[], text: string): Document.Parsed {
  const { Composer, YAMLParseError } = yaml();
  let first: Document.Parsed | undefined;
  for (const document of new Composer(YAML_OPTIONS).compose(tokens, true, text.length)) {
    if (!first) first = document;
    else {
      first.errors.push(new YAMLParseError(document.range.slice(0, 2) as [number, number], "MULTIPLE_DOCS", "several documents"));
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document, even for empty text.
  return first!;
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
