import { describe, expect, test } from "bun:test";
import { parsePythonInt, pythonFloatRepr, pythonNumberText } from "../../../src/modules/config/python-values";

describe("Python value rules", () => {
  test("parsePythonInt accepts what int() accepts", () => {
    const cases: Array<[string, bigint]> = [
      ["42", 42n], [" -7\n", -7n], ["+3", 3n], ["1_000_000", 1000000n], ["007", 7n], ["\u3000 8\u2028", 8n], ["١٢٣", 123n], ["𝟗", 9n],
      ["99999999999999999999", 99999999999999999999n],
    ];
    for (const [text, expected] of cases) expect({ text, value: parsePythonInt(text) }).toEqual({ text, value: expected });
  });

  test("parsePythonInt refuses what int() refuses", () => {
    for (const text of ["", " ", "1.5", "1e3", "0x10", "_1", "1_", "1__0", "- 1", "abc", "1".repeat(4301)]) {
      expect({ text, value: parsePythonInt(text) }).toEqual({ text, value: undefined });
    }
  });

  test("pythonFloatRepr writes floats as Python's repr()", () => {
    const cases: Array<[number, string]> = [
      [0.5, "0.5"], [1e-7, "1e-07"], [1e22, "1e+22"], [1e16, "1e+16"], [1e15, "1000000000000000.0"], [123456789.125, "123456789.125"],
      [-0, "-0.0"], [1e-4, "0.0001"], [0.0001234, "0.0001234"], [1.5e300, "1.5e+300"], [5e-324, "5e-324"], [2.0, "2.0"],
    ];
    for (const [value, expected] of cases) expect({ value, text: pythonFloatRepr(value) }).toEqual({ value, text: expected });
  });

  test("pythonNumberText writes integral numbers as Python ints", () => {
    expect([12, -3, 0, 1.25].map(pythonNumberText)).toEqual(["12", "-3", "0", "1.25"]);
  });
});
