// A YAML document to a JSON value in one pass, each alias resolved once and its expansion counted against a budget.
// yaml's own toJS walks the whole document to find each alias's anchor, and learns the size only after building it.
import type { Alias, Document, Node, Pair } from "yaml";
import { ApiError } from "../../utils/api-error";
import { lineAndColumn } from "./json-text";
import { MAX_EXPANDED_BYTES, MAX_NESTING_DEPTH, expandsTooMuch, nestedTooDeeply } from "./parse-limits";
import { setOwn, type JsonObject } from "./safe-object";
import { yaml } from "./yaml-module";

/** A node's value, and its size in source characters and its nesting once every alias inside is replaced by what it names. */
interface Converted {
  value: unknown;
  size: number;
  depth: number;
}

const EMPTY: Converted = { value: null, size: 0, depth: 0 };

/**
 * The document's value as plain JavaScript (objects, arrays, scalars; a value named by several aliases is
 * shared). Throws ApiError 413 when aliases expand it beyond MAX_EXPANDED_BYTES, 400 when they nest it deeper
 * than MAX_NESTING_DEPTH, for an alias inside the value it names, a duplicate key, or a key that is not a scalar.
 */
export function yamlToJson(document: Document.Parsed, text: string): unknown {
  return new YamlConverter(text).convert(document.contents).value;
}

class YamlConverter {
  /** The node each anchor names at this point of the document: an anchor may be defined again further on. */
  private readonly anchors = new Map<string, Node>();
  private readonly anchored = new Map<Node, Converted>();
  private readonly unfinished = new Set<Node>();

  constructor(private readonly text: string) {}

  convert(node: unknown): Converted {
    if (node == null) return EMPTY;
    const { isAlias, isMap, isScalar, isSeq } = yaml();
    if (isAlias(node)) return this.resolve(node);
    if (isScalar(node)) return this.finish(node, { value: node.value, size: sourceLength(node), depth: 0 }, false);
    if (!isMap(node) && !isSeq(node)) throw this.malformed(node, "a node JSON cannot hold");
    if (node.anchor) this.anchors.set(node.anchor, node);
    this.unfinished.add(node);
    const converted = isMap(node) ? this.convertPairs(node, node.items) : this.convertItems(node, node.items);
    this.unfinished.delete(node);
    return this.finish(node, converted, true);
  }

  private finish(node: Node, converted: Converted, registered: boolean): Converted {
    if (converted.size > MAX_EXPANDED_BYTES) throw expandsTooMuch();
    if (converted.depth > MAX_NESTING_DEPTH) throw nestedTooDeeply("YAML", this.text, node.range?.[0] ?? 0);
    if (node.anchor) {
      if (!registered) this.anchors.set(node.anchor, node);
      this.anchored.set(node, converted);
    }
    return converted;
  }

  private resolve(alias: Alias): Converted {
    const target = this.anchors.get(alias.source);
    if (target && this.unfinished.has(target)) {
      throw this.malformed(alias, `the alias *${alias.source} is inside the value it names (&${alias.source}), which would never end`);
    }
    const converted = target && this.anchored.get(target);
    if (!converted) throw this.malformed(alias, `the alias *${alias.source} names no anchor (&${alias.source}) before it`);
    return converted;
  }

  private convertItems(parent: Node, items: readonly unknown[]): Converted {
    const value: unknown[] = [];
    let size = sourceLength(parent);
    let depth = 1;
    for (const item of items) {
      const converted = this.convert(item);
      value.push(converted.value);
      size += expansion(item, converted);
      depth = Math.max(depth, converted.depth + 1);
      if (size > MAX_EXPANDED_BYTES) throw expandsTooMuch();
    }
    return { value, size, depth };
  }

  private convertPairs(parent: Node, pairs: readonly Pair[]): Converted {
    const value: JsonObject = {};
    let size = sourceLength(parent);
    let depth = 1;
    for (const pair of pairs) {
      const key = this.convert(pair.key);
      const name = this.keyName(pair.key, key.value);
      if (Object.hasOwn(value, name)) throw this.malformed(pair.key, "Map keys must be unique");
      const item = this.convert(pair.value);
      setOwn(value, name, item.value);
      size += expansion(pair.key, key) + expansion(pair.value, item);
      depth = Math.max(depth, item.depth + 1);
      if (size > MAX_EXPANDED_BYTES) throw expandsTooMuch();
    }
    return { value, size, depth };
  }

  private keyName(keyNode: unknown, key: unknown): string {
    if (key === null) return "";
    if (typeof key === "object") throw this.malformed(keyNode, "a mapping key must be a string or a number, not a collection");
    return String(key);
  }

  private malformed(node: unknown, message: string): ApiError {
    const offset = yaml().isNode(node) && node.range ? node.range[0] : 0;
    const { line, column } = lineAndColumn(this.text, offset);
    return new ApiError(400, `malformed YAML: ${message} at line ${line}, column ${column}`, { line, column });
  }
}

function sourceLength(node: unknown): number {
  const range = yaml().isNode(node) ? node.range : undefined;
  return range ? Math.max(0, range[1] - range[0]) : 0;
}

/** How much a child adds to its parent's size beyond its own source, which the parent's source already counts. */
function expansion(node: unknown, converted: Converted): number {
  return Math.max(0, converted.size - sourceLength(node));
}
