import { describe, expect, test } from "bun:test";
import {
  controlMarker,
  LAYOUT_CONTROLS,
  neutralisedRuns,
  neutraliseText,
  removeTerminalControls,
  stripControls,
} from "../../src/shared/untrusted-text";

const layoutControls = Object.keys(LAYOUT_CONTROLS);
/** Every C0 control but tab and newline, DEL, and every C1 control. */
const terminalControls = Array.from({ length: 0xa0 }, (_, code) => String.fromCharCode(code)).filter(
  (char) => /[\x00-\x1f\x7f-\x9f]/.test(char) && char !== "\t" && char !== "\n",
);
/** Text that must come through untouched: right-to-left letters lay out by themselves, without controls. */
const ORDINARY = "tab\tnewline\n␤ שלום مرحبا 🙂 café <b>&amp;</b>";

describe("the controls handled", () => {
  test("the bidi marks, embeddings, overrides and isolates and the line and paragraph separators are all listed", () => {
    const expected = [0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    expect(layoutControls.map((char) => char.codePointAt(0)).sort()).toEqual(expected.sort());
  });

  test("a marker names the code point", () => {
    expect(controlMarker("\u202e")).toBe("<U+202E>");
    expect(controlMarker("\u061c")).toBe("<U+061C>");
  });
});

describe("neutraliseText", () => {
  test.each(layoutControls)("%p becomes its visible marker", (char) => {
    expect(neutraliseText(`a${char}b`)).toBe(`a${controlMarker(char)}b`);
  });

  test("terminal controls are removed, ordinary text is untouched", () => {
    expect(neutraliseText(`x${terminalControls.join("")}y`)).toBe("xy");
    expect(neutraliseText(ORDINARY)).toBe(ORDINARY);
  });

  test("a name that would show reversed keeps its order", () => {
    expect(neutraliseText("Invoice \u202egpj.exe")).toBe("Invoice <U+202E>gpj.exe");
  });
});

describe("neutralisedRuns", () => {
  test("plain text and each control are runs of their own, the control named", () => {
    expect(neutralisedRuns("ls\u2066 -la\u2069\u2069")).toEqual([
      { text: "ls", control: null },
      { text: "<U+2066>", control: "U+2066 LEFT-TO-RIGHT ISOLATE" },
      { text: " -la", control: null },
      { text: "<U+2069>", control: "U+2069 POP DIRECTIONAL ISOLATE" },
      { text: "<U+2069>", control: "U+2069 POP DIRECTIONAL ISOLATE" },
    ]);
  });

  test("text without controls is one run; empty text is none", () => {
    expect(neutralisedRuns(ORDINARY)).toEqual([{ text: ORDINARY, control: null }]);
    expect(neutralisedRuns("")).toEqual([]);
  });

  test("every listed control is found", () => {
    const runs = neutralisedRuns(layoutControls.join("x"));
    expect(runs.filter((run) => run.control !== null).map((run) => run.text)).toEqual(layoutControls.map(controlMarker));
  });
});

describe("stripControls and removeTerminalControls", () => {
  test("stripControls leaves no control but tab and newline, and no layout control", () => {
    const hostile = `a${terminalControls.join("b")}c${layoutControls.join("d")}e`;
    const stripped = stripControls(hostile);
    expect(stripped).toBe(hostile.replace(/[^a-e]/g, ""));
    expect(stripControls(ORDINARY)).toBe(ORDINARY);
  });

  test("removeTerminalControls keeps the layout controls for the caller to show", () => {
    expect(removeTerminalControls(`\x1b\x07\r\b\x9b\x85${layoutControls.join("")}\t\n`)).toBe(`${layoutControls.join("")}\t\n`);
  });
});
