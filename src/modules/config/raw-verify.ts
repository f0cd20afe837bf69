// A second look at redacted text, independent of how it was redacted, so a gap in the scanner withholds the text instead of leaking.

/** Escapes of JSON, YAML, Python and JavaScript strings; only those giving a letter, digit or "_" are decoded. */
const ESCAPE = /\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|([0-7]{1,3}))/g;
const KEY_CHARACTER = /^\w$/;
/** A string continued on the next line (YAML double quotes, Python). */
const LINE_CONTINUATION = /\\\r?\n[ \t]*/g;
/** Strings written side by side are one string in Python ('API_' 'HASH'). */
const ADJACENT_STRINGS = /(\w)["'`]\s*[rRbBuUfF]{0,2}["'`](?=\w)/g;
/** Python's named escapes (\N{LOW LINE}): too many names to decode, so their presence alone is unsafe. */
const NAMED_ESCAPE = "\\N{";

/**
 * True when every occurrence of a secret's name (matched by `secretName`, which must have the g flag) ends a key
 * whose value is `placeholder` in quotes, an empty string or missing, and no escape, continuation or string
 * concatenation spells a name that the text does not show plainly.
 */
export function hidesEverySecret(redacted: string, secretName: RegExp, placeholder: string): boolean {
  if (redacted.includes(NAMED_ESCAPE)) return false;
  if (countNames(decodeKeySpellings(redacted), secretName) !== countNames(redacted, secretName)) return false;
  const hidden = hiddenValue(placeholder);
  for (const match of redacted.matchAll(secretName)) {
    hidden.lastIndex = match.index + match[0].length;
    if (!hidden.test(redacted)) return false;
  }
  return true;
}

/** Whether the text holds a secret's name in any spelling (`secretName` must have the g flag). */
export function spellsSecretName(text: string, secretName: RegExp): boolean {
  return text.includes(NAMED_ESCAPE) || countNames(decodeKeySpellings(text), secretName) > 0;
}

function countNames(text: string, secretName: RegExp): number {
  return text.match(secretName)?.length ?? 0;
}

/**
 * After a name: a closing quote at most (anything else may be a secret glued to its key by a lost ":"), then the
 * end of a cut-off file, or the separator (perhaps doubled) and the placeholder, an empty string or the end.
 */
function hiddenValue(placeholder: string): RegExp {
  const quoted = placeholder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const value = `(["'\`])${quoted}(?:\\1|\\s*$)|(["'\`])\\2(?![\\w"'\`])|$`;
  return new RegExp(`["'\`]?\\s*(?:$|[:=][\\s:=]*(?:${value}))`, "y");
}

function decodeKeySpellings(text: string): string {
  return text
    .replace(LINE_CONTINUATION, "")
    .replace(ESCAPE, (escape, ...hex: Array<string | undefined>) => {
      const [braced, four, eight, two, octal] = hex;
      const code = octal !== undefined ? parseInt(octal, 8) : parseInt((braced ?? four ?? eight ?? two)!, 16);
      const char = code <= 0x10ffff ? String.fromCodePoint(code) : "";
      return KEY_CHARACTER.test(char) ? char : escape;
    })
    .replace(ADJACENT_STRINGS, "$1");
}
