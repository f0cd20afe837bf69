import { describe, expect, test } from "bun:test";
import { clientKeyOf, FailureThrottle } from "../../../src/modules/auth/throttle";
import { tokenWeakness } from "../../../src/modules/auth/token-strength";

describe("failure throttle", () => {
  test("the addresses of one IPv6 /64 are one client; IPv4-mapped addresses are their IPv4 address", () => {
    expect(clientKeyOf("2001:db8:1:2::1")).toBe(clientKeyOf("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(clientKeyOf("2001:db8:1:2::1")).not.toBe(clientKeyOf("2001:db8:1:3::1"));
    expect(clientKeyOf("2001:0db8:0001:0002:0:0:0:1")).toBe(clientKeyOf("2001:db8:1:2::9"));
    expect(clientKeyOf("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(clientKeyOf("10.1.2.3")).toBe("10.1.2.3");
  });

  test("one /64 walking through its addresses is throttled as one client", () => {
    const throttle = new FailureThrottle(10, 60_000, () => 0);
    for (let i = 0; i < 10; i++) throttle.recordFailure(`2001:db8::${i.toString(16)}`);
    expect(throttle.retryAfterSeconds("2001:db8::ffff")).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds("2001:db9::1")).toBe(0);
  });

  test("all clients together have a limit of their own, which ends with its window", () => {
    let now = 0;
    const throttle = new FailureThrottle(10, 60_000, () => now, 100);
    for (let i = 0; i < 100; i++) throttle.recordFailure(`10.0.${Math.floor(i / 200)}.${i % 200}`);
    expect(throttle.retryAfterSeconds("10.9.9.9")).toBe(60);
    now = 60_000;
    expect(throttle.retryAfterSeconds("10.9.9.9")).toBe(0);
  });
});

describe("token strength", () => {
  test.each([
    "short-token-123",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "abababababababababababababababab",
    "abcabcabcabcabcabcabcabcabc",
    "has a space in it 0123456789",
    // Found by an attack on a server started with such a token: each passed a length-and-variety rule.
    "12345678901234567890",
    "password1234567890ab",
    "Password123Password1",
    "qwertyuiopasdfghjklz",
    "0123456789abcdef0123456789abcdef",
  ])("%s is refused with advice", (token) => {
    expect(tokenWeakness(token)).toMatch(/openssl rand/);
  });

  test.each(["correct-horse-battery-staple", "q7V_3kZpL0xYc9RmT2sWbN4dHfJ6gA8e", "d41d8cd98f00b204e9800998ecf8427e", "pzbALa355Kql--VdByV6XwX5twFEMVLBKYm0P4HF3Uk"])("%s is accepted", (token) => {
    expect(tokenWeakness(token)).toBeNull();
  });
});
