// Display-only tidying of tgcf's lines: rich pads each record to the terminal width (COLUMNS) to right-align the
// `file.py:line` column, which wraps into a second row on any narrower screen. Search and downloads keep the raw text.
import type { AnsiSegment } from "./ansi.ts";

/** Runs of at least this many spaces after some text are padding. */
export const PADDING_MIN_SPACES = 6;
/** What a padding run becomes. */
export const PADDING_REPLACEMENT = "   ";

/** `segments` without trailing spaces, and with padding runs inside the line shortened; leading blanks (rich's empty time column) stay. */
export function tidyPadding(segments: readonly AnsiSegment[]): AnsiSegment[] {
  const padding = new RegExp(` {${PADDING_MIN_SPACES},}`, "g");
  let seenText = false;
  const tidied = segments.map((segment) => {
    let text = segment.text;
    if (seenText) text = text.replace(padding, PADDING_REPLACEMENT);
    else {
      const firstText = text.search(/\S/);
      if (firstText !== -1) {
        text = text.slice(0, firstText) + text.slice(firstText).replace(padding, PADDING_REPLACEMENT);
        seenText = true;
      }
    }
    return { text, classes: segment.classes };
  });
  for (let i = tidied.length - 1; i >= 0; i--) {
    const trimmed = tidied[i]!.text.replace(/\s+$/, "");
    tidied[i] = { ...tidied[i]!, text: trimmed };
    if (trimmed !== "") break;
  }
  return tidied.filter((segment) => segment.text !== "");
}
