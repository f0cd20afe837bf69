// JSON pointers (RFC 6901): how the API names a field in its errors and patches, and how the forms address the config.
// Pure: the server and the browser UI both import it.

/** The segments of `pointer` ("" is the whole document). Throws for text that is not a pointer. */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new SyntaxError(`not a JSON pointer: "${pointer}" (it must be empty or start with "/")`);
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The pointer made of `segments`. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/** `pointer` extended by one key or index. */
export function childPointer(pointer: string, key: string | number): string {
  return pointer + toPointer([key]);
}

/** True when `pointer` is `ancestor` or lies inside it. */
export function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(ancestor + "/");
}

/** The value at `pointer`, or undefined when any step is missing. Only own properties are followed. */
export function getAt(document: unknown, pointer: string): unknown {
  let current = document;
  for (const segment of parsePointer(pointer)) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A copy of `document` with `value` at `pointer`; objects and arrays on the way are copied, the rest shared. */
export function setAt<T>(document: T, pointer: string, value: unknown): T {
  return setSegments(document, parsePointer(pointer), value) as T;
}

function setSegments(node: unknown, segments: string[], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (Array.isArray(node)) {
    const copy = [...node];
    copy[Number(head)] = setSegments(copy[Number(head)], rest, value);
    return copy;
  }
  const record = node !== null && typeof node === "object" ? (node as Record<string, unknown>) : {};
  const copy = { ...record };
  Object.defineProperty(copy, head, { value: setSegments(Object.hasOwn(record, head) ? record[head] : undefined, rest, value), enumerable: true, writable: true, configurable: true });
  return copy;
}
