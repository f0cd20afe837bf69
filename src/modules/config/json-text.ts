// JSON parsing that says where the text is wrong. JSON.parse does the parsing; its messages carry no
// position in Bun, so on failure a small scanner walks the text to find the first error and its line and column.

export type JsonTextParse =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number };

/** Parses JSON text; on failure returns a message, 1-based line and column (in UTF-16 code units). */
export function parseJsonText(text: string): JsonTextParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const found = findJsonError(text) ?? { offset: 0, message: error instanceof Error ? error.message : String(error) };
    return { ok: false, message: found.message, ...lineAndColumn(text, found.offset) };
  }
}

/** The 1-based line and column of an offset into a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: offset - lineStart + 1 };
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const ESCAPABLE = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The offset and description of the first syntax error in `text`, or undefined if it is valid JSON. */
export function findJsonError(text: string): { offset: number; message: string } | undefined {
  let position = 0;

  const describe = (at: number) => (at >= text.length ? "unexpected end of input" : `unexpected character ${JSON.stringify(text[at])}`);
  const fail = (message?: string, at = position): never => {
    throw new JsonSyntaxError(at, message ?? describe(at));
  };
  const skipWhitespace = () => {
    while (position < text.length && WHITESPACE.has(text[position] ?? "")) position++;
  };
  const expect = (char: string, what: string) => {
    skipWhitespace();
    if (text[position] !== char) fail(`expected ${what}, found ${describe(position).replace("unexpected ", "")}`);
    position++;
  };

  const readString = () => {
    const start = position++;
    while (position < text.length) {
      const char = text[position] ?? "";
      if (char === '"') return void position++;
      if (char < " ") fail("control character in a string: write it as an escape such as \\n");
      if (char === "\\") {
        const escaped = text[position + 1] ?? "";
        if (escaped === "u") {
          if (!HEX4.test(text.slice(position + 2, position + 6))) fail("invalid \\u escape: four hex digits expected");
          position += 6;
        } else if (ESCAPABLE.has(escaped)) position += 2;
        else fail(escaped ? `invalid escape \\${escaped}` : "unterminated string", position);
      } else position++;
    }
    fail("unterminated string", start);
  };

  const readValue = (): void => {
    skipWhitespace();
    const char = text[position];
    if (char === "{") return readContainer("}", true);
    if (char === "[") return readContainer("]", false);
    if (char === '"') return readString();
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, position)) return void (position += literal.length);
    }
    NUMBER.lastIndex = position;
    if (char !== undefined && NUMBER.test(text)) return void (position = NUMBER.lastIndex);
    fail(char === undefined ? "unexpected end of input: a value is missing" : undefined);
  };

  const readContainer = (close: string, isObject: boolean): void => {
    position++;
    skipWhitespace();
    if (text[position] === close) return void position++;
    for (;;) {
      if (isObject) {
        skipWhitespace();
        if (text[position] !== '"') fail(`expected a property name in double quotes, found ${describe(position).replace("unexpected ", "")}`);
        readString();
        expect(":", "':' after a property name");
      }
      readValue();
      skipWhitespace();
      if (text[position] === ",") position++;
      else return expect(close, `',' or '${close}'`);
    }
  };

  try {
    readValue();
    skipWhitespace();
    if (position < text.length) fail("unexpected text after the JSON value");
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, message: error.message };
    if (error instanceof RangeError) return { offset: 0, message: "the document is nested too deeply" };
    throw error;
  }
}
