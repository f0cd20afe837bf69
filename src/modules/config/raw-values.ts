// Where a value ends in text that may be JSON, a Python dict, YAML or none of them.
// When in doubt a value is taken to run further: what it swallows is hidden, which costs some text, never a secret.

export const QUOTES = new Set(['"', "'", "`"]);
export const OPENERS = new Map([
  ["[", "]"],
  ["{", "}"],
  ["(", ")"],
]);
export const CLOSERS = new Set(["]", "}", ")"]);
const FLOW_STOPS = new Set([",", ...CLOSERS]);

/** Where a value's text ends, and whether it ended properly rather than at the end of a cut-off file. */
export interface Extent {
  end: number;
  closed: boolean;
}

/** A quoted string from its opening quote: backslash escapes, YAML's doubled '' and Python's triple quotes. */
export function quotedEnd(text: string, start: number): Extent {
  const quote = text[start]!;
  const closing = text.startsWith(quote.repeat(3), start) ? quote.repeat(3) : quote;
  let position = start + closing.length;
  while (position < text.length) {
    if (text[position] === "\\") position += 2;
    else if (!text.startsWith(closing, position)) position++;
    else if (closing === "'" && text[position + 1] === "'") position += 2;
    else return { end: position + closing.length, closed: true };
  }
  return { end: text.length, closed: false };
}

/** A bracketed value from its opening bracket; a closer that does not match takes the value to the end. */
export function bracketEnd(text: string, start: number): Extent {
  const expected = [OPENERS.get(text[start]!)!];
  let position = start + 1;
  while (position < text.length) {
    const char = text[position]!;
    if (QUOTES.has(char)) {
      const quoted = quotedEnd(text, position);
      if (!quoted.closed) return quoted;
      position = quoted.end;
      continue;
    }
    if (OPENERS.has(char)) expected.push(OPENERS.get(char)!);
    else if (CLOSERS.has(char)) {
      if (char !== expected.pop()) return { end: text.length, closed: false };
      if (expected.length === 0) return { end: position + 1, closed: true };
    }
    position++;
  }
  return { end: text.length, closed: false };
}

/** A function giving the indentation (spaces and tabs) of the line holding a position, in logarithmic time. */
export function lineIndents(text: string): (position: number) => number {
  const lineStarts = [0];
  for (let position = text.indexOf("\n"); position >= 0; position = text.indexOf("\n", position + 1)) lineStarts.push(position + 1);
  return (position) => {
    let [low, high] = [0, lineStarts.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    const lineStart = lineStarts[low]!;
    let end = lineStart;
    while (text[end] === " " || text[end] === "\t") end++;
    return end - lineStart;
  };
}

/**
 * From a newline, the end of the following lines indented deeper than `indent` (blank lines between them
 * included): YAML's continuation lines and nested blocks. With `sequenceItems`, lines at the same indent
 * starting with "- " belong too, as a YAML sequence may sit under its key without indentation.
 */
export function indentedBlockEnd(text: string, newline: number, indent: number, sequenceItems: boolean): number {
  let end = newline;
  let position = newline;
  while (position < text.length && text[position] === "\n") {
    const lineStart = position + 1;
    const next = text.indexOf("\n", lineStart);
    const lineEnd = next < 0 ? text.length : next;
    const line = text.slice(lineStart, lineEnd);
    const content = line.trimStart();
    if (content.trim() !== "") {
      const lineIndent = line.length - content.length;
      const isItem = sequenceItems && lineIndent === indent && /^-(\s|$)/.test(content);
      if (lineIndent <= indent && !isItem) break;
      end = lineEnd;
    }
    position = lineEnd;
  }
  return end;
}

/**
 * A value written on the line of its key: quoted strings and brackets read whole (across lines), the rest
 * up to a comma or closing bracket inside brackets (`flow`), or to the end of the line and the deeper-indented
 * lines after it otherwise. Trailing whitespace is left out.
 */
export function inlineValueEnd(text: string, start: number, flow: boolean, indent: number): Extent {
  let position = start;
  let closed = true;
  while (position < text.length) {
    const char = text[position]!;
    if (QUOTES.has(char) || OPENERS.has(char)) {
      ({ end: position, closed } = QUOTES.has(char) ? quotedEnd(text, position) : bracketEnd(text, position));
      continue;
    }
    if (flow && FLOW_STOPS.has(char)) break;
    if (char === "\n" && !flow) {
      // A sequence at the key's own indent can only be the value's (`key: |` or a damaged `key::` before it).
      const continued = indentedBlockEnd(text, position, indent, true);
      if (continued === position) break;
      position = continued;
      continue;
    }
    position++;
  }
  while (position > start && /\s/.test(text[position - 1]!)) position--;
  return { end: position, closed };
}
