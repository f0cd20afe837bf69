// JSON pointers (RFC 6901) for addressing field errors.

/** Appends one reference token to a pointer, escaping `~` and `/`. The root pointer is "". */
export function pointerChild(parent: string, token: string | number): string {
  return `${parent}/${String(token).replaceAll("~", "~0").replaceAll("/", "~1")}`;
}
