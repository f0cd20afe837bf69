// JSON Patch (RFC 6902): add, remove, replace, move, copy and test, by JSON pointer down to array elements.
// Pure and non-destructive; `__proto__` is never a key. Pure: the server applies patches, the UI builds them.
import { parsePointer, toPointer } from "./json-pointer";

export type JsonPatchOperation =
  | { op: "add" | "replace" | "test"; path: string; value: unknown }
  | { op: "remove"; path: string }
  | { op: "move" | "copy"; from: string; path: string };

/** Enough for any edit of tgcf's config; bounds the work of one request. */
export const MAX_PATCH_OPERATIONS = 1_000;
const OPERATIONS = new Set(["add", "remove", "replace", "move", "copy", "test"]);
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

export interface PatchProblem {
  path: string;
  message: string;
}

/** A patch that cannot be applied: malformed (400), addressing what is not there (422), or failed tests (409). */
export class JsonPatchError extends Error {
  constructor(
    readonly kind: "malformed" | "unprocessable" | "conflict" | "too-large",
    message: string,
    readonly problems: PatchProblem[],
  ) {
    super(message);
    this.name = "JsonPatchError";
  }
}

/** Checks the shape of every operation; throws JsonPatchError("malformed") naming each bad one. */
export function parseJsonPatch(value: unknown): JsonPatchOperation[] {
  if (!Array.isArray(value)) throw new JsonPatchError("malformed", "a JSON Patch is an array of operations", [{ path: "", message: "must be an array" }]);
  if (value.length > MAX_PATCH_OPERATIONS) {
    throw new JsonPatchError("malformed", `a JSON Patch may hold at most ${MAX_PATCH_OPERATIONS} operations`, [{ path: "", message: "too many operations" }]);
  }
  const problems: PatchProblem[] = [];
  value.forEach((operation, index) => {
    const problem = operationProblem(operation);
    if (problem) problems.push({ path: `/${index}`, message: problem });
  });
  if (problems.length > 0) throw new JsonPatchError("malformed", `the JSON Patch is not valid: ${problems[0]!.path}: ${problems[0]!.message}`, problems);
  return value as JsonPatchOperation[];
}

function operationProblem(operation: unknown): string | null {
  if (operation === null || typeof operation !== "object" || Array.isArray(operation)) return "an operation is an object such as {\"op\": \"replace\", \"path\": \"/mode\", \"value\": 1}";
  const { op, path, from } = operation as Record<string, unknown>;
  if (typeof op !== "string" || !OPERATIONS.has(op)) return `"op" must be one of ${[...OPERATIONS].join(", ")}`;
  if (typeof path !== "string") return `"path" must be a JSON pointer such as "/forwards/0/dest"`;
  const pathProblem = pointerProblem(path);
  if (pathProblem) return `"path" ${pathProblem}`;
  if ((op === "add" || op === "replace" || op === "test") && !Object.hasOwn(operation, "value")) return `"${op}" needs a "value"`;
  if (op === "move" || op === "copy") {
    if (typeof from !== "string") return `"${op}" needs "from", a JSON pointer`;
    const fromProblem = pointerProblem(from);
    if (fromProblem) return `"from" ${fromProblem}`;
    if (op === "move" && path.startsWith(from + "/")) return `cannot move "${from}" into itself`;
  }
  return null;
}

function pointerProblem(pointer: string): string | null {
  if (pointer !== "" && !pointer.startsWith("/")) return `"${pointer}" is not a JSON pointer: it must be empty or start with "/"`;
  if (/~(?![01])/.test(pointer)) return `"${pointer}" is not a JSON pointer: "~" must be written "~0"`;
  if (parsePointer(pointer).includes("__proto__")) return `"${pointer}" names a key that is not allowed`;
  return null;
}

/**
 * Applies `operations` to a copy of `document` in order. Failed tests do not stop the patch from being checked: every
 * conflicting field is collected and reported together (JsonPatchError "conflict"), and nothing is returned.
 */
export function applyJsonPatch(document: unknown, operations: readonly JsonPatchOperation[], { maxCopiedChars = Number.POSITIVE_INFINITY } = {}): unknown {
  let current = structuredClone(document);
  const conflicts: PatchProblem[] = [];
  // "copy" is the one operation that adds more than the patch itself holds: a short patch could copy a value again and
  // again. What it copies is counted (as JSON text) against `maxCopiedChars`.
  let copiedChars = 0;
  for (const operation of operations) {
    const segments = parsePointer(operation.path);
    switch (operation.op) {
      case "test": {
        const actual = valueAt(current, segments, operation.path);
        if (!jsonEqual(actual, operation.value)) conflicts.push({ path: operation.path, message: "was changed meanwhile" });
        break;
      }
      case "add":
        current = insert(current, segments, structuredClone(operation.value), operation.path);
        break;
      case "remove":
        current = removeAt(current, segments, operation.path);
        break;
      case "replace":
        valueAt(current, segments, operation.path);
        current = replaceAt(current, segments, structuredClone(operation.value));
        break;
      case "move": {
        const from = parsePointer(operation.from);
        const value = valueAt(current, from, operation.from);
        current = insert(removeAt(current, from, operation.from), segments, value, operation.path);
        break;
      }
      case "copy": {
        const value = valueAt(current, parsePointer(operation.from), operation.from);
        copiedChars += JSON.stringify(value)?.length ?? 0;
        if (copiedChars > maxCopiedChars) {
          throw new JsonPatchError("too-large", `the JSON Patch copies more than ${maxCopiedChars} characters of values: copy less, or send the values`, [{ path: operation.path, message: "copies too much" }]);
        }
        current = insert(current, segments, structuredClone(value), operation.path);
        break;
      }
    }
  }
  if (conflicts.length > 0) {
    throw new JsonPatchError("conflict", `${conflicts.length === 1 ? "a field was" : `${conflicts.length} fields were`} changed since you read the config: ${conflicts.map((conflict) => conflict.path).join(", ")}`, conflicts);
  }
  return current;
}

function missing(path: string, message = "does not exist (or a value on its way does not)"): JsonPatchError {
  return new JsonPatchError("unprocessable", `the JSON Patch addresses ${path}, which ${message}`, [{ path, message }]);
}

function valueAt(document: unknown, segments: readonly string[], path: string): unknown {
  let node = document;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      if (!ARRAY_INDEX.test(segment) || Number(segment) >= node.length) throw missing(path);
      node = node[Number(segment)];
    } else if (node !== null && typeof node === "object" && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      throw missing(path);
    }
  }
  return node;
}

/** The parent container of the last segment, which must exist. */
function parentOf(document: unknown, segments: readonly string[], path: string): unknown {
  const parentPointer = toPointer(segments.slice(0, -1));
  const parent = valueAt(document, segments.slice(0, -1), path);
  if (parent === null || typeof parent !== "object") throw missing(path, `is inside ${parentPointer}, which is neither an object nor an array`);
  return parent;
}

function insert(document: unknown, segments: readonly string[], value: unknown, path: string): unknown {
  if (segments.length === 0) return value;
  const parent = parentOf(document, segments, path);
  const key = segments.at(-1)!;
  if (Array.isArray(parent)) {
    const index = key === "-" ? parent.length : ARRAY_INDEX.test(key) ? Number(key) : NaN;
    if (!(index >= 0 && index <= parent.length)) throw missing(path, `is not a position in an array of ${parent.length}`);
    parent.splice(index, 0, value);
  } else {
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return document;
}

function removeAt(document: unknown, segments: readonly string[], path: string): unknown {
  if (segments.length === 0) throw missing(path, "is the whole document: it cannot be removed");
  valueAt(document, segments, path);
  const parent = parentOf(document, segments, path);
  const key = segments.at(-1)!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, unknown>)[key];
  return document;
}

function replaceAt(document: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const parent = parentOf(document, segments, "") as Record<string, unknown>;
  const key = segments.at(-1)!;
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return document;
}

/** JSON equality: objects by keys whatever their order, numbers by value. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  return aKeys.length === bKeys.length && aKeys.every((key) => Object.hasOwn(b, key) && jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
