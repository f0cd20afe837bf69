// Text from outside (tgcf's output, Telegram chat and account names) shown or saved so that it cannot reorder,
// hide or fake what surrounds it. Pure: the server and the browser UI both import it.

/**
 * Characters that change how the text around them is laid out rather than printing anything: the bidirectional
 * marks, embeddings, overrides and isolates ("Trojan Source"), and the separators some viewers break lines at.
 */
export const LAYOUT_CONTROLS: Readonly<Record<string, string>> = {
  "\u061c": "ARABIC LETTER MARK",
  "\u200e": "LEFT-TO-RIGHT MARK",
  "\u200f": "RIGHT-TO-LEFT MARK",
  "\u2028": "LINE SEPARATOR",
  "\u2029": "PARAGRAPH SEPARATOR",
  "\u202a": "LEFT-TO-RIGHT EMBEDDING",
  "\u202b": "RIGHT-TO-LEFT EMBEDDING",
  "\u202c": "POP DIRECTIONAL FORMATTING",
  "\u202d": "LEFT-TO-RIGHT OVERRIDE",
  "\u202e": "RIGHT-TO-LEFT OVERRIDE",
  "\u2066": "LEFT-TO-RIGHT ISOLATE",
  "\u2067": "RIGHT-TO-LEFT ISOLATE",
  "\u2068": "FIRST STRONG ISOLATE",
  "\u2069": "POP DIRECTIONAL ISOLATE",
};

const LAYOUT_CONTROL = new RegExp(`[${Object.keys(LAYOUT_CONTROLS).join("")}]`, "g");
/** C0 controls but tab and newline, DEL, and C1 controls (NEL, 8-bit CSI...): a terminal acts on them, a page shows nothing. */
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** One piece of neutralised text: plain text, or the visible stand-in for one layout control. */
export interface TextRun {
  text: string;
  /** For a stand-in, the character's code point and name ("U+202E RIGHT-TO-LEFT OVERRIDE"); null for plain text. */
  control: string | null;
}

function codePoint(char: string): string {
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** What a layout control is shown as: its code point in angle brackets, "<U+202E>" (as editors such as Vim show it). */
export function controlMarker(char: string): string {
  return `<${codePoint(char)}>`;
}

/** `text` without terminal controls (tab and newline stay); layout controls are left for the caller. */
export function removeTerminalControls(text: string): string {
  return text.replace(TERMINAL_CONTROL, "");
}

/**
 * `text` cut into plain runs and one run per layout control, whose text is its marker: a page shows each run as
 * its own element (a marker in a span of its own cannot be told apart from typed text otherwise). Terminal
 * controls are not touched: remove them first.
 */
export function neutralisedRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let position = 0;
  for (const match of text.matchAll(LAYOUT_CONTROL)) {
    if (match.index > position) runs.push({ text: text.slice(position, match.index), control: null });
    runs.push({ text: controlMarker(match[0]), control: `${codePoint(match[0])} ${LAYOUT_CONTROLS[match[0]]}` });
    position = match.index + match[0].length;
  }
  if (position < text.length) runs.push({ text: text.slice(position), control: null });
  return runs;
}

/** `text` as plain text that lays out as it reads: terminal controls removed, each layout control shown as its marker. */
export function neutraliseText(text: string): string {
  return removeTerminalControls(text).replace(LAYOUT_CONTROL, controlMarker);
}

/** `text` fit for a text file: no control character but tab and newline, and no layout control. */
export function stripControls(text: string): string {
  return removeTerminalControls(text).replace(LAYOUT_CONTROL, "");
}
