import { describe, expect, test } from "bun:test";
import { CodeRequestLimiter } from "../../../src/modules/telegram/code-limiter";
import { ApiError } from "../../../src/utils/api-error";

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function refusal(limiter: CodeRequestLimiter): ApiError {
  try {
    limiter.reserve();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("the request was allowed");
}

describe("one code request a minute", () => {
  test("a second request within the interval is 429 with the seconds left in Retry-After", () => {
    const clock = fakeClock();
    const limiter = new CodeRequestLimiter(60_000, clock.now);
    limiter.reserve();
    clock.advance(15_500);
    const error = refusal(limiter);
    expect(error.status).toBe(429);
    expect(error.headers["Retry-After"]).toBe("45");
    expect(error.details).toEqual({ retryAfterSeconds: 45 });
    clock.advance(44_500);
    expect(() => limiter.reserve()).not.toThrow();
  });

  test("a released request (it never reached Telegram) does not count", () => {
    const limiter = new CodeRequestLimiter(60_000, fakeClock().now);
    limiter.reserve();
    limiter.release();
    expect(limiter.nextAllowedAt).toBe(0);
    expect(() => limiter.reserve()).not.toThrow();
  });

  test("a flood wait from Telegram blocks requests for as long as Telegram said, beyond the interval", () => {
    const clock = fakeClock();
    const limiter = new CodeRequestLimiter(60_000, clock.now);
    limiter.reserve();
    limiter.blockFor(300);
    clock.advance(120_000);
    expect(refusal(limiter).headers["Retry-After"]).toBe("180");
    expect(limiter.nextAllowedAt).toBe(clock.now() + 180_000);
  });
});
