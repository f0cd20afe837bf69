// Cutting an over-long line into pieces without breaking a character or an escape sequence.
import { escapeSequenceEnd } from "./ansi";

const ESC = 0x1b;

/** UTF-8 size of one UTF-16 code unit at `s[i]`, counting a surrogate pair as 4 on its first half. */
function utf8Width(s: string, i: number): { bytes: number; units: number } {
  const c = s.charCodeAt(i);
  if (c < 0x80) return { bytes: 1, units: 1 };
  if (c < 0x800) return { bytes: 2, units: 1 };
  if (c >= 0xd800 && c <= 0xdbff) {
    const next = s.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return { bytes: 4, units: 2 };
  }
  return { bytes: 3, units: 1 }; // a lone surrogate is encoded as U+FFFD, 3 bytes
}

/** UTF-8 byte length of `s`. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/**
 * Index at which to cut `s` so that `s.slice(0, index)` takes at most `budgetBytes` UTF-8 bytes
 * and ends neither inside a character nor inside an escape sequence. Always > 0 so cutting
 * makes progress: an escape sequence (or unterminated one) too long for a whole piece is cut
 * like text, and a single character wider than the budget goes alone.
 */
export function pieceEnd(s: string, budgetBytes: number): number {
  let used = 0;
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === ESC && i > 0) {
      const end = escapeSequenceEnd(s, i);
      if (end === -1) return i; // may complete later: keep it whole for the next piece
      const bytes = utf8Length(s.slice(i, end));
      if (used + bytes > budgetBytes) return i;
      used += bytes;
      i = end;
      continue;
    }
    const { bytes, units } = utf8Width(s, i);
    if (used + bytes > budgetBytes) return i === 0 ? units : i;
    used += bytes;
    i += units;
  }
  return s.length;
}

/**
 * Splits `line` into pieces of at most `maxBytes` UTF-8 bytes; every piece but the last ends
 * with `marker` (counted within `maxBytes`). With `keepRemainder`, the last piece is not emitted
 * but returned, to be completed by more input; otherwise "" is returned.
 */
export function cutLine(
  line: string,
  maxBytes: number,
  marker: string,
  emit: (piece: string) => void,
  keepRemainder: boolean,
): string {
  const budget = maxBytes - utf8Length(marker);
  let rest = line;
  let restBytes = utf8Length(rest);
  while (restBytes > maxBytes) {
    const piece = rest.slice(0, pieceEnd(rest, budget));
    emit(piece + marker);
    rest = rest.slice(piece.length);
    restBytes -= utf8Length(piece);
  }
  if (keepRemainder) return rest;
  emit(rest);
  return "";
}
