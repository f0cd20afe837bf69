import { describe, expect, test } from "bun:test";
import { LogBuffer } from "../../public/lib/log-buffer.ts";
import type { LogEntry } from "../../public/lib/log-types.ts";

const line = (seq: number): LogEntry => ({ seq, ts: "2026-01-01T00:00:00.000Z", stream: "stdout", line: `line ${seq}` });

describe("LogBuffer", () => {
  test("lines repeated by a resumed stream are dropped, so no seq shows twice", () => {
    const buffer = new LogBuffer(10);
    expect(buffer.append([line(1), line(2), line(3)]).map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(buffer.append([line(2), line(3), line(4)]).map((l) => l.seq)).toEqual([4]);
    expect(buffer.lastSeq).toBe(4);
  });

  test("only the newest lines up to its capacity are kept", () => {
    const buffer = new LogBuffer(3);
    buffer.append([1, 2, 3, 4, 5].map(line));
    expect(buffer.all().map((l) => l.seq)).toEqual([3, 4, 5]);
    expect(buffer.lastSeq).toBe(5);
  });
});
