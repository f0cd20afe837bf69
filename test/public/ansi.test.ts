import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAnsi, stripAnsi } from "../../public/lib/ansi.ts";

const FIXTURES = join(import.meta.dir, "../fixtures/tgcf");

describe("parseAnsi", () => {
  test("SGR colours and styles become classes on the text they cover, and reset ends them", () => {
    expect(parseAnsi("\x1b[1;32mok\x1b[0m plain \x1b[31;4mbad\x1b[24m still red")).toEqual([
      { text: "ok", classes: ["ansi-bold", "ansi-fg-2"] },
      { text: " plain ", classes: [] },
      { text: "bad", classes: ["ansi-underline", "ansi-fg-1"] },
      { text: " still red", classes: ["ansi-fg-1"] },
    ]);
  });

  test("bright, background, 256-colour and true-colour codes map onto the 16 colour classes", () => {
    expect(parseAnsi("\x1b[92;44mA")[0]!.classes).toEqual(["ansi-fg-10", "ansi-bg-4"]);
    expect(parseAnsi("\x1b[38;5;9mB")[0]!.classes).toEqual(["ansi-fg-9"]);
    expect(parseAnsi("\x1b[38;5;196mC")[0]!.classes).toEqual(["ansi-fg-1"]);
    expect(parseAnsi("\x1b[38;2;0;0;0mD")[0]!.classes).toEqual(["ansi-fg-0"]);
    expect(parseAnsi("\x1b[7mE")[0]!.classes).toEqual(["ansi-fg-inverse", "ansi-bg-inverse"]);
  });

  test("OSC 8 hyperlinks are removed and only their text is kept, with either terminator", () => {
    const line = "see \x1b]8;id=1;file:///usr/lib/tgcf/cli.py\x1b\\\x1b[2mcli.py\x1b[0m\x1b]8;;\x1b\\ and \x1b]8;;https://x.test\x07x\x1b]8;;\x07";
    expect(parseAnsi(line).map((segment) => segment.text).join("")).toBe("see cli.py and x");
    expect(JSON.stringify(parseAnsi(line))).not.toContain("file://");
  });

  test("other escape sequences, stray ESC and control characters never reach the page", () => {
    expect(stripAnsi("\x1b[2K\x1b[1Gline\x1b(B\x07 end\x1b")).toBe("line end");
    expect(stripAnsi("unterminated \x1b]8;;file:///etc/passwd")).toBe("unterminated ");
    expect(stripAnsi("tab\tkept")).toBe("tab\tkept");
  });

  test("every line of tgcf's real coloured output parses to text free of escape codes and file links", () => {
    for (const name of ["real-run-live-stdout-color.txt", "real-run-live-stderr-color.txt"]) {
      for (const line of readFileSync(join(FIXTURES, name), "utf8").split("\n")) {
        const text = parseAnsi(line).map((segment) => segment.text).join("");
        expect(text).toBe(stripAnsi(line));
        expect(text).not.toContain("\x1b");
        expect(text).not.toContain("file://");
      }
    }
  });
});
