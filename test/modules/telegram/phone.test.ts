import { describe, expect, test } from "bun:test";
import { normalizeCode, normalizePhone } from "../../../src/modules/telegram/phone";

describe("phone numbers and codes as people type them", () => {
  test.each([
    ["+44 7700 900123", "+447700900123"],
    ["+1 (555) 010-9999", "+15550109999"],
    ["0044.7700.900123", "+447700900123"],
    ["447700900123", "+447700900123"],
  ])("%p is sent as %p", (typed, sent) => {
    expect(normalizePhone(typed)).toBe(sent);
  });

  test.each(["", "+", "12345", "+44 7700 ninety", "+1234567890123456"])("%p is refused at /phone", (typed) => {
    expect(() => normalizePhone(typed)).toThrow(expect.objectContaining({ status: 422, details: [expect.objectContaining({ path: "/phone" })] }));
  });

  test("a code keeps its digits only, and anything else is refused at /code", () => {
    expect(normalizeCode(" 12-345 ")).toBe("12345");
    expect(() => normalizeCode("12a45")).toThrow(expect.objectContaining({ status: 422, details: [expect.objectContaining({ path: "/code" })] }));
    expect(() => normalizeCode("123")).toThrow();
  });
});
