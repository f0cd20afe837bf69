import { describe, expect, test } from "bun:test";
import { DEFAULT_BACKOFF, reconnectDelay } from "../../public/lib/backoff.ts";

const noJitter = () => 0.5;

describe("reconnectDelay", () => {
  test("doubles from 500 ms and stops growing at 10 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((attempt) => reconnectDelay(attempt, DEFAULT_BACKOFF, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  test("jitter moves a delay by at most its fraction either way", () => {
    expect(reconnectDelay(2, DEFAULT_BACKOFF, () => 0)).toBe(1600);
    expect(reconnectDelay(2, DEFAULT_BACKOFF, () => 0.999999)).toBe(2400);
  });
});
