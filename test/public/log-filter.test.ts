import { describe, expect, test } from "bun:test";
import { compileLogFilter, formatLogText, logSearchQuery } from "../../public/lib/log-filter.ts";
import { LOG_STREAM_NAMES, type LogEntry } from "../../public/lib/log-types.ts";

const entry = (line: string, stream: LogEntry["stream"] = "stdout"): LogEntry => ({ seq: 1, ts: "2026-01-01T00:00:00.000Z", stream, line });

describe("log filters", () => {
  test("text search ignores case and looks at the visible text, not escape codes", () => {
    const filter = compileLogFilter({ text: "warning", regex: false, streams: LOG_STREAM_NAMES });
    if (!filter.ok) throw new Error(filter.error);
    expect(filter.matches(entry("\x1b[31mWARNING\x1b[0m slow"))).toBe(true);
    expect(filter.matches(entry("INFO ok"))).toBe(false);
    expect(compileLogFilter({ text: "31m", regex: false, streams: LOG_STREAM_NAMES }).ok && filter.active).toBe(true);
  });

  test("a regular expression filters, and an invalid one says why", () => {
    const filter = compileLogFilter({ text: "message \\d+$", regex: true, streams: LOG_STREAM_NAMES });
    if (!filter.ok) throw new Error(filter.error);
    expect(filter.matches(entry("forwarded message 12"))).toBe(true);
    expect(filter.matches(entry("forwarded message x"))).toBe(false);
    const invalid = compileLogFilter({ text: "(", regex: true, streams: LOG_STREAM_NAMES });
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.error).toContain("not a valid regular expression");
  });

  test("streams can be left out; with every stream and no text the filter is inactive", () => {
    const onlySystem = compileLogFilter({ text: "", regex: false, streams: ["system"] });
    if (!onlySystem.ok) throw new Error(onlySystem.error);
    expect(onlySystem.matches(entry("x", "system"))).toBe(true);
    expect(onlySystem.matches(entry("x", "stderr"))).toBe(false);
    expect(onlySystem.active).toBe(true);
    const all = compileLogFilter({ text: "", regex: false, streams: LOG_STREAM_NAMES });
    expect(all.ok && all.active).toBe(false);
  });

  test("the filter becomes the server's query, a regex staying in the browser, and results become plain text", () => {
    expect(logSearchQuery({ text: "a b", regex: false, streams: ["stdout", "system"] }, 5000)).toBe("tail=5000&q=a+b&stream=stdout%2Csystem");
    expect(logSearchQuery({ text: "a+b", regex: true, streams: ["stdout"] }, 5000)).toBe("tail=5000&stream=stdout");
    expect(formatLogText([entry("\x1b[1mbold\x1b[0m")])).toBe("2026-01-01T00:00:00.000Z stdout bold\n");
  });
});
