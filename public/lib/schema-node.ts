// Reading the config's JSON Schema (GET api/config/schema) to decide which input each field gets.
import { parsePointer } from "./json-pointer.ts";

export interface SchemaNode {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minimum?: number;
  maximum?: number;
}

export type FieldKind =
  | { kind: "boolean" }
  | { kind: "integer" }
  | { kind: "number" }
  | { kind: "string" }
  | { kind: "choice"; values: unknown[] }
  /** A chat or user: an integer id or text (@name, link). */
  | { kind: "peer" }
  /** A value that may also be null; edited as its inner kind. */
  | { kind: "nullable"; inner: SchemaNode }
  | { kind: "choice-list"; values: unknown[] }
  | { kind: "list"; items: SchemaNode }
  | { kind: "string-map" }
  | { kind: "object"; properties: Record<string, SchemaNode> }
  | { kind: "unknown" };

const typesOf = (node: SchemaNode): string[] => (Array.isArray(node.type) ? node.type : node.type ? [node.type] : []);

/** The kind of input `node` needs. */
export function fieldKind(node: SchemaNode): FieldKind {
  if (node.enum) return { kind: "choice", values: node.enum };
  if (node.anyOf) {
    const options = node.anyOf.flatMap(typesOf);
    const nonNull = node.anyOf.filter((option) => !typesOf(option).includes("null"));
    if (nonNull.length === 1 && options.includes("null")) return { kind: "nullable", inner: nonNull[0]! };
    if (options.includes("string") && options.includes("integer")) return { kind: "peer" };
    return { kind: "unknown" };
  }
  const [type] = typesOf(node);
  switch (type) {
    case "boolean":
    case "integer":
    case "number":
    case "string":
      return { kind: type };
    case "array":
      if (node.items?.enum) return { kind: "choice-list", values: node.items.enum };
      return node.items ? { kind: "list", items: node.items } : { kind: "unknown" };
    case "object":
      if (node.properties) return { kind: "object", properties: node.properties };
      if (typeof node.additionalProperties === "object" && typesOf(node.additionalProperties).includes("string")) return { kind: "string-map" };
      return { kind: "unknown" };
    default:
      return { kind: "unknown" };
  }
}

/** The schema of the value at `pointer` (array indexes step into `items`), or null. */
export function schemaAt(root: SchemaNode, pointer: string): SchemaNode | null {
  let node: SchemaNode | undefined = root;
  for (const segment of parsePointer(pointer)) {
    if (!node) return null;
    if (node.properties && segment in node.properties) node = node.properties[segment];
    else if (node.items) node = node.items;
    else if (typeof node.additionalProperties === "object") node = node.additionalProperties;
    else return null;
  }
  return node ?? null;
}

/** A fresh value for a new item of `node`: its default, else built from its properties, else empty. */
export function newValueFor(node: SchemaNode): unknown {
  if (node.default !== undefined) return structuredClone(node.default);
  const kind = fieldKind(node);
  switch (kind.kind) {
    case "object":
      return Object.fromEntries(Object.entries(kind.properties).map(([key, child]) => [key, newValueFor(child)]));
    case "boolean":
      return false;
    case "integer":
    case "number":
      return 0;
    case "choice":
      return kind.values[0];
    case "list":
    case "choice-list":
      return [];
    case "string-map":
      return {};
    default:
      return "";
  }
}

/** "Connections › 2 › Destinations › 1": the titles along `pointer`, indexes counted from 1, for error summaries. */
export function pointerLabel(root: SchemaNode, pointer: string): string {
  const parts: string[] = [];
  let node: SchemaNode | null = root;
  for (const segment of parsePointer(pointer)) {
    const isIndex = node?.items !== undefined && /^\d+$/.test(segment);
    node = node ? schemaAt(node, "/" + segment.replace(/~/g, "~0").replace(/\//g, "~1")) : null;
    parts.push(isIndex ? String(Number(segment) + 1) : (node?.title ?? segment));
  }
  return parts.join(" › ") || "Configuration";
}

/** Labels for enum values, read from a description like "0 = live: ...; 1 = past: ..." (the value itself otherwise). */
export function choiceLabels(node: SchemaNode, values: readonly unknown[]): string[] {
  const described = new Map<string, string>();
  for (const match of (node.description ?? "").matchAll(/(?:^|[\s,;(])(-?\w+) = ([^,;:()]+)/g)) {
    described.set(match[1]!, match[2]!.trim());
  }
  return values.map((value) => described.get(String(value)) ?? String(value).replace(/_/g, " "));
}
