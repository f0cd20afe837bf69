import { describe, expect, test } from "bun:test";
import { diffLines, foldUnchanged } from "../../public/lib/line-diff.ts";

describe("diffLines", () => {
  test("marks removed and added lines between equal ones", () => {
    expect(diffLines(["{", '  "a": 1,', '  "b": 2', "}"], ["{", '  "a": 1,', '  "b": 3,', '  "c": 4', "}"])).toEqual([
      { kind: "same", text: "{" },
      { kind: "same", text: '  "a": 1,' },
      { kind: "removed", text: '  "b": 2' },
      { kind: "added", text: '  "b": 3,' },
      { kind: "added", text: '  "c": 4' },
      { kind: "same", text: "}" },
    ]);
  });

  test("keeps the longest common run of lines when lines move", () => {
    const diff = diffLines(["a", "b", "c", "d"], ["b", "c", "d", "a"]);
    expect(diff.filter((line) => line.kind === "same").map((line) => line.text)).toEqual(["b", "c", "d"]);
  });

  test("long unchanged stretches fold, keeping two lines of context around changes", () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const after = before.map((line, i) => (i === 10 ? "changed" : line));
    const folded = foldUnchanged(diffLines(before, after));
    expect(folded[0]).toEqual({ kind: "fold", count: 8 });
    expect(folded.filter((line) => line.kind !== "fold")).toHaveLength(6);
    expect(folded[folded.length - 1]).toEqual({ kind: "fold", count: 7 });
  });
});
