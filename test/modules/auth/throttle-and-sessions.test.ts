import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { FailureThrottle } from "../../../src/modules/auth/throttle";
import { SessionStore, SESSION_TTL_MS } from "../../../src/modules/auth/sessions";
import { loadOrCreateToken } from "../../../src/modules/auth/token";
import { SecretMatcher } from "../../../src/utils/timing-safe";
import { tempDir } from "../../helpers/server";

describe("failure throttle", () => {
  test("allows ten failures a minute, then asks to wait until the window ends", () => {
    let now = 1_000_000;
    const throttle = new FailureThrottle(10, 60_000, () => now);
    for (let i = 0; i < 10; i++) {
      expect(throttle.retryAfterSeconds("1.2.3.4")).toBe(0);
      throttle.recordFailure("1.2.3.4");
    }
    expect(throttle.retryAfterSeconds("1.2.3.4")).toBe(60);
    expect(throttle.retryAfterSeconds("5.6.7.8")).toBe(0);
    now += 30_000;
    expect(throttle.retryAfterSeconds("1.2.3.4")).toBe(30);
    now += 30_000;
    expect(throttle.retryAfterSeconds("1.2.3.4")).toBe(0);
  });
});

describe("sessions", () => {
  test("a created session is valid, survives a new store, and ends on revoke", async () => {
    const dataDir = tempDir();
    const store = new SessionStore(dataDir, "token-a-0123456789");
    const id = await store.create();
    expect(store.isValid(id)).toBe(true);
    expect(store.isValid(id + "x")).toBe(false);
    const reopened = new SessionStore(dataDir, "token-a-0123456789");
    expect(reopened.isValid(id)).toBe(true);
    await reopened.revoke(id);
    expect(new SessionStore(dataDir, "token-a-0123456789").isValid(id)).toBe(false);
  });

  test("only hashes are stored, with mode 0600", async () => {
    const dataDir = tempDir();
    const id = await new SessionStore(dataDir, "token-a-0123456789").create();
    const path = join(dataDir, ".tgcf-server", "sessions.json");
    expect(readFileSync(path, "utf8")).not.toContain(id);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test("changing the token signs every session out", async () => {
    const dataDir = tempDir();
    const id = await new SessionStore(dataDir, "token-a-0123456789").create();
    expect(new SessionStore(dataDir, "token-b-0123456789").isValid(id)).toBe(false);
  });

  test("sessions expire", async () => {
    let now = 0;
    const store = new SessionStore(tempDir(), "token-a-0123456789", () => now);
    const id = await store.create();
    now = SESSION_TTL_MS + 1;
    expect(store.isValid(id)).toBe(false);
  });
});

describe("token", () => {
  test("is generated once (32 random bytes, base64url), kept with mode 0600 and reused", () => {
    const dataDir = tempDir();
    const first = loadOrCreateToken(dataDir, null);
    expect(first.source).toBe("generated");
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const second = loadOrCreateToken(dataDir, null);
    expect(second).toMatchObject({ source: "file", token: first.token });
  });

  test("a configured token is used and nothing is written", () => {
    const dataDir = tempDir();
    expect(loadOrCreateToken(dataDir, "configured-token-123456")).toMatchObject({ source: "setting", token: "configured-token-123456" });
    expect(existsSync(join(dataDir, ".tgcf-server", "token"))).toBe(false);
  });

  test("comparison accepts only the exact token, whatever the lengths", () => {
    expect(new SecretMatcher("abc").matches("abc")).toBe(true);
    expect(new SecretMatcher("abc").matches("abd")).toBe(false);
    expect(new SecretMatcher("abc").matches("abcd")).toBe(false);
    expect(new SecretMatcher("").matches("a")).toBe(false);
  });
});
