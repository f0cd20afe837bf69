// Terminal output to styled text: SGR colours become CSS classes; every other escape sequence
// (OSC 8 hyperlinks, cursor moves, ...) is dropped, so file:// links rich prints never become clickable.
import { removeTerminalControls, stripControls } from "../../src/shared/untrusted-text.ts";

export interface AnsiSegment {
  text: string;
  /** CSS classes: ansi-bold, ansi-dim, ansi-italic, ansi-underline, ansi-strike, ansi-fg-N, ansi-bg-N (N 0..15). */
  classes: string[];
}

interface SgrState {
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  inverse: boolean;
  fg: number | null;
  bg: number | null;
}

const BASIC_COLOURS = 8;
/** CSI, string sequences (OSC, DCS, SOS, PM, APC) terminated or running to the end, and two-character escapes. */
const ESCAPE = /\x1b(?:\[([0-?]*)[ -/]*([@-~])|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\|$)|[ -/]*[0-~]|$)/g;

/** The 16 basic colours as RGB, to map 256-colour and true-colour codes onto the nearest class. */
const PALETTE: readonly [number, number, number][] = [
  [0, 0, 0], [205, 49, 49], [13, 188, 121], [229, 229, 16], [36, 114, 200], [188, 63, 188], [17, 168, 205], [229, 229, 229],
  [102, 102, 102], [241, 76, 76], [35, 209, 139], [245, 245, 67], [59, 142, 234], [214, 112, 214], [41, 184, 219], [255, 255, 255],
];

function freshState(): SgrState {
  return { bold: false, dim: false, italic: false, underline: false, strike: false, inverse: false, fg: null, bg: null };
}

function nearestBasic(r: number, g: number, b: number): number {
  let best = 0;
  let bestDistance = Infinity;
  PALETTE.forEach(([pr, pg, pb], index) => {
    const distance = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [index, distance];
  });
  return best;
}

function xterm256ToBasic(index: number): number {
  if (index < 16) return index;
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return nearestBasic(level, level, level);
  }
  const cube = index - 16;
  const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
  return nearestBasic(level(Math.floor(cube / 36)), level(Math.floor(cube / 6) % 6), level(cube % 6));
}

/** Reads an extended colour (`5;n` or `2;r;g;b`) at params[i]; returns the colour and how many params it used. */
function extendedColour(params: number[], i: number): [number | null, number] {
  if (params[i] === 5) return [xterm256ToBasic(params[i + 1] ?? 0), 2];
  if (params[i] === 2) return [nearestBasic(params[i + 1] ?? 0, params[i + 2] ?? 0, params[i + 3] ?? 0), 4];
  return [null, 0];
}

function applySgr(state: SgrState, rawParams: string): void {
  const params = rawParams === "" ? [0] : rawParams.split(/[;:]/).map((p) => (p === "" ? 0 : Number(p)));
  for (let i = 0; i < params.length; i++) {
    const code = params[i]!;
    if (code === 0) Object.assign(state, freshState());
    else if (code === 1) state.bold = true;
    else if (code === 2) state.dim = true;
    else if (code === 3) state.italic = true;
    else if (code === 4) state.underline = true;
    else if (code === 7) state.inverse = true;
    else if (code === 9) state.strike = true;
    else if (code === 22) state.bold = state.dim = false;
    else if (code === 23) state.italic = false;
    else if (code === 24) state.underline = false;
    else if (code === 27) state.inverse = false;
    else if (code === 29) state.strike = false;
    else if (code >= 30 && code <= 37) state.fg = code - 30;
    else if (code >= 90 && code <= 97) state.fg = code - 90 + BASIC_COLOURS;
    else if (code === 39) state.fg = null;
    else if (code >= 40 && code <= 47) state.bg = code - 40;
    else if (code >= 100 && code <= 107) state.bg = code - 100 + BASIC_COLOURS;
    else if (code === 49) state.bg = null;
    else if (code === 38 || code === 48) {
      const [colour, used] = extendedColour(params, i + 1);
      if (code === 38) state.fg = colour;
      else state.bg = colour;
      i += used;
    }
  }
}

function classesOf(state: SgrState): string[] {
  const classes: string[] = [];
  if (state.bold) classes.push("ansi-bold");
  if (state.dim) classes.push("ansi-dim");
  if (state.italic) classes.push("ansi-italic");
  if (state.underline) classes.push("ansi-underline");
  if (state.strike) classes.push("ansi-strike");
  const [fg, bg] = state.inverse ? [state.bg, state.fg] : [state.fg, state.bg];
  if (fg !== null) classes.push(`ansi-fg-${fg}`);
  else if (state.inverse) classes.push("ansi-fg-inverse");
  if (bg !== null) classes.push(`ansi-bg-${bg}`);
  else if (state.inverse) classes.push("ansi-bg-inverse");
  return classes;
}

/**
 * `line` split into runs of text sharing one style; adjacent runs with the same style are merged. Control
 * characters are dropped; bidi and line-separator controls stay, for the caller to show (neutralisedRuns).
 */
export function parseAnsi(line: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  const state = freshState();
  const push = (raw: string) => {
    const text = removeTerminalControls(raw);
    if (text === "") return;
    const classes = classesOf(state);
    const last = segments[segments.length - 1];
    if (last && last.classes.join(" ") === classes.join(" ")) last.text += text;
    else segments.push({ text, classes });
  };
  let position = 0;
  for (const match of line.matchAll(ESCAPE)) {
    push(line.slice(position, match.index));
    if (match[2] === "m") applySgr(state, match[1] ?? "");
    position = match.index + match[0].length;
  }
  push(line.slice(position));
  return segments;
}

/** The text of `line` without any escape sequence or control character (bidi and line-separator controls included). */
export function stripAnsi(line: string): string {
  return stripControls(line.replace(ESCAPE, ""));
}
