// Reads an unknown value against the tgcf model, filling defaults and keeping unknown keys.
// The rules for single values come from a policy: strict for API input, lenient (pydantic's) for files.
import type { FieldError } from "../../utils/api-error";
import { pointerChild } from "./json-pointer";
import { copyJsonValue, isPlainObject, safeEntries, setOwn, type JsonObject } from "./safe-object";

/** The JSON Schema keywords the tgcf model uses. */
export interface ModelSchema {
  type?: string;
  properties?: Record<string, ModelSchema>;
  additionalProperties?: boolean | ModelSchema;
  items?: ModelSchema;
  anyOf?: ModelSchema[];
  enum?: Array<string | number>;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** The outcome of reading one value: the value to keep (and an optional note about a change), or why not. */
export type ValueRead = { ok: true; value: unknown; note?: string } | { ok: false; message: string };

/** How single values are read; `entries` says how an object (or what stands for one) is taken apart. */
export interface ReadPolicy {
  integer(value: unknown, schema: ModelSchema): ValueRead;
  string(value: unknown): ValueRead;
  boolean(value: unknown): ValueRead;
  /** tgcf's `Union[int, str]` for chats and users. */
  peer(value: unknown): ValueRead;
  choice(value: unknown, schema: ModelSchema & { enum: Array<string | number> }): ValueRead;
  /** The key/value pairs of an object value, or undefined if the value cannot be an object. */
  entries(value: unknown): Array<[string, unknown]> | undefined;
}

export interface SchemaReadResult {
  value: unknown;
  errors: FieldError[];
  /** Changes the policy made to values, as "pointer: what happened". */
  notes: string[];
}

/** Reads `value` against `schema`: missing fields take their defaults, every problem is collected. */
export function readWithSchema(schema: ModelSchema, value: unknown, policy: ReadPolicy): SchemaReadResult {
  const result: SchemaReadResult = { value: undefined, errors: [], notes: [] };
  result.value = readNode(schema, value, "", policy, result);
  return result;
}

function readNode(schema: ModelSchema, value: unknown, path: string, policy: ReadPolicy, out: SchemaReadResult): unknown {
  if (value === undefined) {
    return schema.type === "object" ? readObject(schema, {}, path, policy, out) : structuredClone(schema.default);
  }
  if (schema.type === "object") return readObject(schema, value, path, policy, out);
  if (schema.type === "array") return readArray(schema, value, path, policy, out);
  return keep(readScalar(schema, value, policy), path, out);
}

function readScalar(schema: ModelSchema, value: unknown, policy: ReadPolicy): ValueRead {
  if (schema.enum) return policy.choice(value, { ...schema, enum: schema.enum });
  if (schema.anyOf) return readUnion(schema.anyOf, value, policy);
  switch (schema.type) {
    case "integer":
      return policy.integer(value, schema);
    case "string":
      return policy.string(value);
    case "boolean":
      return policy.boolean(value);
    default:
      throw new Error(`the tgcf model uses an unsupported schema: ${JSON.stringify(schema)}`);
  }
}

// The model has two kinds of union: `Optional[X]` (X or null) and `Union[int, str]` (a peer).
function readUnion(branches: ModelSchema[], value: unknown, policy: ReadPolicy): ValueRead {
  const nonNull = branches.filter((branch) => branch.type !== "null");
  if (nonNull.length < branches.length) {
    if (value === null) return { ok: true, value: null };
    const [inner] = nonNull;
    if (!inner || nonNull.length > 1) throw new Error("the tgcf model has an unsupported optional union");
    const read = readScalar(inner, value, policy);
    return read.ok ? read : { ok: false, message: `${read.message}, or none (null)` };
  }
  return policy.peer(value);
}

function readObject(schema: ModelSchema, value: unknown, path: string, policy: ReadPolicy, out: SchemaReadResult): unknown {
  const entries = policy.entries(value);
  if (!entries) {
    out.errors.push({ path, message: "must be an object" });
    return undefined;
  }
  const given = new Map(entries);
  const properties = schema.properties ?? {};
  const result: JsonObject = {};
  for (const [key, propertySchema] of Object.entries(properties)) {
    const read = readNode(propertySchema, given.get(key), pointerChild(path, key), policy, out);
    if (read !== undefined) setOwn(result, key, read);
  }
  const extra = schema.additionalProperties;
  for (const [key, item] of given) {
    if (Object.hasOwn(properties, key) || item === undefined) continue;
    const itemPath = pointerChild(path, key);
    const read = typeof extra === "object" ? readNode(extra, item, itemPath, policy, out) : copyJsonValue(item, itemPath, out.errors);
    if (read !== undefined) setOwn(result, key, read);
  }
  return result;
}

function readArray(schema: ModelSchema, value: unknown, path: string, policy: ReadPolicy, out: SchemaReadResult): unknown {
  if (!Array.isArray(value)) {
    out.errors.push({ path, message: "must be an array" });
    return undefined;
  }
  const items = schema.items ?? {};
  return Array.from(value, (item: unknown, index) => {
    const itemPath = pointerChild(path, index);
    if (item === undefined) {
      out.errors.push({ path: itemPath, message: "must not be empty" });
      return undefined;
    }
    return readNode(items, item, itemPath, policy, out);
  });
}

function keep(read: ValueRead, path: string, out: SchemaReadResult): unknown {
  if (!read.ok) {
    out.errors.push({ path, message: read.message });
    return undefined;
  }
  if (read.note) out.notes.push(`${path}: ${read.note}`);
  return read.value;
}

/** Plain-object entries for strict reading (arrays and other values are not objects). */
export function plainObjectEntries(value: unknown): Array<[string, unknown]> | undefined {
  return isPlainObject(value) ? safeEntries(value) : undefined;
}
