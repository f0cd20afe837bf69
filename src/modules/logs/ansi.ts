// Terminal escape sequences in tgcf's output (rich's SGR colours, OSC 8 hyperlinks): find, strip, trim around them.
import { stripControls } from "../../shared/untrusted-text";

const ESC = 0x1b;
const BEL = 0x07;
const BACKSLASH = 0x5c;

/**
 * CSI (`ESC [ params final`), string sequences OSC/DCS/SOS/PM/APC (`ESC ] ... BEL|ESC \`)
 * and two-character escapes (`ESC ( B`, `ESC =`). An unterminated string sequence is left in place; one never
 * runs past a newline, so in a text of many records one line's stray OSC cannot swallow the lines after it.
 */
const ESCAPE_SEQUENCE =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)|[ -/]*[0-~])/g;

/** `s` without terminal escape sequences: the text a person reads (for search and plain-text download). */
export function stripAnsi(s: string): string {
  return s.indexOf("\x1b") === -1 ? s : s.replace(ESCAPE_SEQUENCE, "");
}

/** `ESC [ digits;: m`: colours and styles, the only sequences a terminal can be handed from a log. */
const SGR_SEQUENCE = /^\x1b\[[0-9;:]*m$/;

/**
 * `s` for a terminal: SGR colours kept, every other escape sequence (OSC titles and links, cursor moves, screen
 * clears) and every control character but tab and newline removed, so `cat`-ing a crafted line can only colour it.
 */
export function keepOnlyColours(s: string): string {
  let kept = "";
  let position = 0;
  for (const match of s.matchAll(ESCAPE_SEQUENCE)) {
    kept += stripControls(s.slice(position, match.index));
    if (SGR_SEQUENCE.test(match[0])) kept += match[0];
    position = match.index + match[0].length;
  }
  return kept + stripControls(s.slice(position));
}

function isStringSequenceIntroducer(code: number): boolean {
  // ] OSC, P DCS, X SOS, ^ PM, _ APC: all run until BEL or ST (ESC \)
  return code === 0x5d || code === 0x50 || code === 0x58 || code === 0x5e || code === 0x5f;
}

/**
 * Index just past the escape sequence starting at `s[start]` (which must be ESC),
 * or -1 when the sequence is not complete within `s`.
 */
export function escapeSequenceEnd(s: string, start: number): number {
  let i = start + 1;
  if (i >= s.length) return -1;
  const introducer = s.charCodeAt(i);
  if (introducer === 0x5b /* [ */) {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c >= 0x40 && c <= 0x7e) return i + 1; // final byte
      if (c < 0x20 || c > 0x3f) return i; // malformed: the sequence ends before the stray character
      i++;
    }
    return -1;
  }
  if (isStringSequenceIntroducer(introducer)) {
    for (i++; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === BEL) return i + 1;
      if (c === ESC) return s.charCodeAt(i + 1) === BACKSLASH ? i + 2 : i;
    }
    return -1;
  }
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x2f) return c >= 0x30 && c <= 0x7e ? i + 1 : i;
    i++;
  }
  return -1;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Start index of the SGR sequence (`ESC [ digits;: m`) ending just before `end`, or -1. */
function sgrStartBefore(s: string, end: number): number {
  if (s.charCodeAt(end - 1) !== 0x6d /* m */) return -1;
  let i = end - 2;
  while (i >= 0) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || c === 0x3b || c === 0x3a) i--;
    else break;
  }
  return i >= 1 && s.charCodeAt(i) === 0x5b && s.charCodeAt(i - 1) === ESC ? i - 1 : -1;
}

/**
 * `line` without trailing spaces and tabs, including those hidden among trailing SGR codes
 * (rich pads `ESC[2m      ESC[0m`): the codes stay, the blanks go. Padding drawn with a
 * background colour is trimmed too; a log view loses nothing readable by that.
 */
export function trimLineEnd(line: string): string {
  let tailStart = line.length;
  let sawBlank = false;
  while (tailStart > 0) {
    if (isBlank(line.charCodeAt(tailStart - 1))) {
      tailStart--;
      sawBlank = true;
      continue;
    }
    const sgrStart = sgrStartBefore(line, tailStart);
    if (sgrStart === -1) break;
    tailStart = sgrStart;
  }
  if (!sawBlank) return line;
  return line.slice(0, tailStart) + line.slice(tailStart).replace(/[ \t]+/g, "");
}
