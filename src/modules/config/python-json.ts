// What Python's json module reads but JavaScript's JSON.parse cannot keep: NaN and Infinity (json.dumps writes them
// for floats), and integers beyond 2^53 (Python's ints have no limit). tgcf accepts both in its file, so they are
// turned into text before parsing: the value survives, and saves that leave it alone keep it.

export interface PythonJsonConversion {
  text: string;
  /** What was turned into text, for the reader's warnings. */
  kept: string[];
}

const BARE_TOKENS = ["-Infinity", "Infinity", "NaN"];
const INTEGER = /-?\d+(?![.\deE])/y;

/** `text` with every bare NaN, Infinity and unsafe integer quoted; strings and everything else untouched. */
export function quotePythonOnlyValues(text: string): PythonJsonConversion {
  const kept: string[] = [];
  let out = "";
  let position = 0;
  let copiedTo = 0;
  while (position < text.length) {
    const char = text[position]!;
    if (char === '"') {
      position = stringEnd(text, position);
      continue;
    }
    const token = BARE_TOKENS.find((candidate) => text.startsWith(candidate, position));
    if (token && !/[A-Za-z0-9_]/.test(text[position - 1] ?? "")) {
      out += text.slice(copiedTo, position) + JSON.stringify(token);
      kept.push(token);
      position += token.length;
      copiedTo = position;
      continue;
    }
    if (/[-\d]/.test(char) && !/[\w.]/.test(text[position - 1] ?? "")) {
      INTEGER.lastIndex = position;
      const match = INTEGER.exec(text);
      if (match && !Number.isSafeInteger(Number(match[0]))) {
        out += text.slice(copiedTo, position) + JSON.stringify(match[0]);
        kept.push(match[0]);
        position += match[0].length;
        copiedTo = position;
        continue;
      }
      if (match) {
        position += match[0].length;
        continue;
      }
    }
    position++;
  }
  return kept.length === 0 ? { text, kept } : { text: out + text.slice(copiedTo), kept };
}

/** The index just after the string that opens at `start` (or the end of the text when it is not closed). */
function stringEnd(text: string, start: number): number {
  let position = start + 1;
  while (position < text.length) {
    if (text[position] === "\\") position += 2;
    else if (text[position] === '"') return position + 1;
    else position++;
  }
  return position;
}
