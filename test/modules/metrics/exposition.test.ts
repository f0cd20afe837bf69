// The text exposition format: escaping, values and names, read back by a real parser of the format.
import { expect, test } from "bun:test";
import { escapeHelp, escapeLabelValue, formatValue, renderExposition } from "../../../src/modules/metrics/exposition";
import { parseExposition, valueOf } from "./parse";

const NASTY = 'a "quoted" back\\slash, a\nline feed, {braces}, = and , and unicode ✓';

test("label values escape backslash, double quote and line feed, and read back as they were", () => {
  expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  const text = renderExposition([{ name: "tgcf_test_total", help: "help", type: "counter", samples: [{ labels: { name: NASTY, other: "" }, value: 3 }] }]);
  expect(text.split("\n")).toHaveLength(4);
  const families = parseExposition(text);
  expect(families.get("tgcf_test_total")!.samples[0]!.labels).toEqual({ name: NASTY, other: "" });
  expect(valueOf(families, "tgcf_test_total", { name: NASTY })).toBe(3);
});

test("HELP escapes backslash and line feed only", () => {
  expect(escapeHelp('one\\two\nthree "four"')).toBe('one\\\\two\\nthree "four"');
  const families = parseExposition(renderExposition([{ name: "x", help: "a\\b\nc", type: "gauge", samples: [] }]));
  expect(families.get("x")!.help).toBe("a\\b\nc");
});

test("values: integers, fractions, exponents and the special values", () => {
  expect([0, 42, 1.5, 1e21, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(formatValue)).toEqual([
    "0", "42", "1.5", "1e+21", "1.5e-7", "NaN", "+Inf", "-Inf",
  ]);
  const families = parseExposition(
    renderExposition([{ name: "v", help: "values", type: "gauge", samples: [1e21, 1.5e-7, Number.POSITIVE_INFINITY].map((value, index) => ({ labels: { i: String(index) }, value })) }]),
  );
  expect(families.get("v")!.samples.map((sample) => sample.value)).toEqual([1e21, 1.5e-7, Number.POSITIVE_INFINITY]);
});

test("invalid metric and label names are a programming error, never output", () => {
  expect(() => renderExposition([{ name: "bad-name", help: "", type: "gauge", samples: [] }])).toThrow(/metric name/);
  expect(() => renderExposition([{ name: "ok", help: "", type: "gauge", samples: [{ labels: { "bad-label": "x" }, value: 1 }] }])).toThrow(/label name/);
  expect(() => renderExposition([{ name: "ok", help: "", type: "gauge", samples: [{ labels: { __reserved: "x" }, value: 1 }] }])).toThrow(/label name/);
});

test("the strict reader refuses what the format forbids", () => {
  expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n')).toThrow(/duplicate/);
  expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na{x="1} 1\n')).toThrow(/malformed/);
  expect(() => parseExposition("a 1\n")).toThrow(/outside its family/);
  expect(() => parseExposition("# HELP a h\n# TYPE a gauge\na one\n")).toThrow(/bad value/);
});
