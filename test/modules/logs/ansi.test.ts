import { describe, expect, test } from "bun:test";
import { escapeSequenceEnd, stripAnsi, trimLineEnd } from "../../../src/modules/logs/ansi";

const OSC8_OPEN = "\x1b]8;id=753314;file:///usr/local/lib/python3.12/site-packages/tgcf/cli.py\x1b\\";
const OSC8_CLOSE = "\x1b]8;;\x1b\\";

describe("stripAnsi", () => {
  test("removes SGR colours and OSC 8 hyperlinks as rich writes them, keeping the text", () => {
    const line = `\x1b[2;36m[11/24/26 11:08:51]\x1b[0m \x1b[34mINFO    \x1b[0m Verbosity ${OSC8_OPEN}\x1b[2mcli.py\x1b[0m${OSC8_CLOSE}`;
    expect(stripAnsi(line)).toBe("[11/24/26 11:08:51] INFO     Verbosity cli.py");
  });

  test("removes OSC sequences ended by BEL and two-character escapes", () => {
    expect(stripAnsi("a\x1b]0;window title\x07b\x1b(Bc\x1b=d")).toBe("abcd");
  });

  test("returns a line without escapes unchanged", () => {
    expect(stripAnsi("plain text [1;2m")).toBe("plain text [1;2m");
  });
});

describe("escapeSequenceEnd", () => {
  test("finds the end of CSI, OSC (ST and BEL) and two-character escapes", () => {
    expect(escapeSequenceEnd("x\x1b[1;32my", 1)).toBe(8);
    expect(escapeSequenceEnd(`${OSC8_CLOSE}z`, 0)).toBe(OSC8_CLOSE.length);
    expect(escapeSequenceEnd("\x1b]0;t\x07z", 0)).toBe(6);
    expect(escapeSequenceEnd("\x1b(Bz", 0)).toBe(3);
  });

  test("reports -1 for a sequence not complete yet", () => {
    expect(escapeSequenceEnd("\x1b[1;3", 0)).toBe(-1);
    expect(escapeSequenceEnd("\x1b]8;;file:///x", 0)).toBe(-1);
    expect(escapeSequenceEnd("\x1b", 0)).toBe(-1);
  });
});

describe("trimLineEnd", () => {
  test("drops trailing spaces and tabs and keeps inner ones", () => {
    expect(trimLineEnd("a  b \t  ")).toBe("a  b");
  });

  test("drops the padding rich puts inside a trailing dim span, keeping the codes", () => {
    expect(trimLineEnd("is used.        \x1b[2m             \x1b[0m")).toBe("is used.\x1b[2m\x1b[0m");
  });

  test("leaves a line that ends in text or a non-SGR escape alone", () => {
    expect(trimLineEnd("done\x1b[0m")).toBe("done\x1b[0m");
    expect(trimLineEnd(`x ${OSC8_CLOSE}`)).toBe(`x ${OSC8_CLOSE}`);
    expect(trimLineEnd("form m")).toBe("form m");
  });
});
