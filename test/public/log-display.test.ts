import { describe, expect, test } from "bun:test";
import { parseAnsi } from "../../public/lib/ansi.ts";
import { tidyPadding } from "../../public/lib/log-display.ts";

const text = (line: string) => tidyPadding(parseAnsi(line)).map((segment) => segment.text).join("");

describe("tidyPadding", () => {
  test("rich's padding before the file column shrinks and trailing spaces go", () => {
    expect(text(`INFO     forwarded message 1${" ".repeat(120)}live.py:44   `)).toBe("INFO     forwarded message 1   live.py:44");
  });

  test("the empty time column at the start of a line keeps its width, so columns stay aligned", () => {
    const line = `\x1b[2;36m${" ".repeat(19)}\x1b[0m\x1b[2;36m \x1b[0m\x1b[34mINFO    \x1b[0m done${" ".repeat(40)}x.py:1`;
    expect(text(line)).toBe(`${" ".repeat(20)}INFO     done   x.py:1`);
  });

  test("short runs of spaces inside a message are left alone", () => {
    expect(text("a    b")).toBe("a    b");
  });
});
