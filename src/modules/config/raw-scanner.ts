// Finds the keys holding secrets in text of any syntax (JSON, a Python dict, YAML, cut off anywhere) and replaces their values.
import { CLOSERS, OPENERS, QUOTES, indentedBlockEnd, inlineValueEnd, lineIndents, quotedEnd } from "./raw-values";

/** Characters that end a bare word; quotes inside a word (don't) belong to it. */
const WORD_BREAKS = /[\s:=,[\]{}()]/;
const SEPARATORS = new Set([":", "="]);
/** After these, or first on a line, a quote opens a string and a bracket opens a collection. */
const TOKEN_STARTS = new Set(["", ":", "=", ",", "[", "{", "(", "-", "?"]);
const NODE_PROPERTIES = new Set(["&", "!"]);
/** A YAML alias: the secret it names is written elsewhere, under a key that does not say it is secret. */
const ALIAS = "*";

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** What follows a secret's key: a value to hide, nothing to hide (an empty string, the end), or text that cannot be read safely. */
type SecretValue = Replacement | "nothing" | "unsafe";

/**
 * The text with the value of every key matching `secretName` replaced by `placeholder` (empty strings kept), or
 * null when a secret's value cannot be told apart from other text: a YAML alias, nothing readable after ":",
 * or a value that takes in another secret's name (`spellsSecretName`), whose own value might run further.
 */
export function replaceSecretValues(raw: string, secretName: RegExp, placeholder: string, spellsSecretName: (text: string) => boolean): string | null {
  const pieces: string[] = [];
  let copied = 0;
  let openers: number[] = [];
  let previous = "";
  let lineStart = true;
  let position = 0;
  const indentOfLineAt = lineIndents(raw);
  while (position < raw.length) {
    const char = raw[position]!;
    if (/\s/.test(char)) {
      if (char === "\n") lineStart = true;
      position++;
      continue;
    }
    const tokenStart = lineStart || TOKEN_STARTS.has(previous);
    // Indentation is read from the text: a string over several lines may have hidden where its lines start.
    const lineIndent = indentOfLineAt(position);
    if (lineStart && !CLOSERS.has(char)) {
      // A line no deeper than the line that opened a bracket is not inside it (YAML, or a bracket left open):
      // treating it as outside makes bare values run to the end of the line, which hides more, never less.
      openers = openers.filter((openerIndent) => openerIndent < lineIndent);
    }
    lineStart = false;
    if ((OPENERS.has(char) && tokenStart) || CLOSERS.has(char) || char === "," || SEPARATORS.has(char)) {
      if (OPENERS.has(char)) openers.push(lineIndent);
      if (CLOSERS.has(char)) openers.pop();
      [previous, position] = [char, position + 1];
      continue;
    }
    const end = QUOTES.has(char) && tokenStart ? quotedEnd(raw, position).end : wordEnd(raw, position);
    const separator = secretName.test(raw.slice(position, end)) ? skipWhitespace(raw, end) : -1;
    if (!SEPARATORS.has(raw[separator] ?? "")) {
      // YAML's anchors and tags (`key: &a !!map {`) leave a bracket after them opening a collection.
      if (!NODE_PROPERTIES.has(char)) previous = raw[end - 1]!;
      position = end;
      continue;
    }
    const value = secretValue(raw, separator + 1, openers.length > 0, lineIndent, placeholder);
    if (value === "unsafe") return null;
    if (value === "nothing") {
      [previous, position] = [raw[separator]!, separator + 1];
      continue;
    }
    if (spellsSecretName(raw.slice(value.start, value.end))) return null;
    pieces.push(raw.slice(copied, value.start), value.text);
    copied = position = value.end;
    previous = '"';
  }
  pieces.push(raw.slice(copied));
  return pieces.join("");
}

function wordEnd(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && !WORD_BREAKS.test(text[end]!)) end++;
  return end;
}

function skipWhitespace(text: string, start: number): number {
  let position = start;
  while (position < text.length && /\s/.test(text[position]!)) position++;
  return position;
}

/** Spaces, and separators doubled by a slip (`key:: value`), up to the end of the line. */
function skipBlanksAndSeparators(text: string, start: number): number {
  let position = start;
  while (position < text.length && text[position] !== "\n" && (/\s/.test(text[position]!) || SEPARATORS.has(text[position]!))) position++;
  return position;
}

function secretValue(raw: string, afterSeparator: number, flow: boolean, indent: number, placeholder: string): SecretValue {
  let start = skipBlanksAndSeparators(raw, afterSeparator);
  if (start >= raw.length) return "nothing";
  if (raw[start] === "\n" && !flow) {
    // YAML: the value is the block of deeper lines below the key; without one it is null, or text we cannot place.
    const end = indentedBlockEnd(raw, start, indent, true);
    if (end === start) return skipWhitespace(raw, start) >= raw.length ? "nothing" : "unsafe";
    if (raw[skipWhitespace(raw, start)] === ALIAS) return "unsafe";
    return { start, end, text: ` "${placeholder}"` };
  }
  start = skipWhitespace(raw, start);
  if (start >= raw.length) return "nothing";
  if (raw[start] === ALIAS) return "unsafe";
  const { end, closed } = inlineValueEnd(raw, start, flow, indent);
  const value = raw.slice(start, end);
  if (value === '""' || value === "''") return "nothing";
  // Nothing, or only punctuation ("key: #]secret"), before a comma or bracket: the secret may be after it.
  if (!/[\p{L}\p{N}]/u.test(value) && !QUOTES.has(value[0]!) && !OPENERS.has(value[0]!)) return "unsafe";
  const quote = QUOTES.has(value[0]!) ? value[0]! : '"';
  return { start, end, text: `${quote}${placeholder}${closed ? quote : ""}` };
}
