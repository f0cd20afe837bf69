import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { FailureThrottle } from "../../../src/modules/auth/throttle";
import { SessionStore, SESSION_TTL_MS, SESSIONS_FILE_NAME } from "../../../src/modules/auth/sessions";
import { loadOrCreateToken } from "../../../src/modules/auth/token";
import { SERVER_STATE_DIR_NAME } from "../../../src/utils/server-state-dir";
import { SecretMatcher } from "../../../src/utils/timing-safe";
import { signIn, startTestServer, tempDir, type TestServer } from "../../helpers/server";

const TOKEN_A = "token-a-0123456789";
const TOKEN_B = "token-b-0123456789";

const dataDirs: string[] = [];
function newDataDir(): string {
  const dir = tempDir();
  dataDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sessionsPathOf = (dir: string) => join(dir, SERVER_STATE_DIR_NAME, SESSIONS_FILE_NAME);

/** A non-empty directory where the sessions file goes: renaming a file over it fails, even for root. */
function blockSessionsFile(dir: string): void {
  mkdirSync(join(sessionsPathOf(dir), "occupied"), { recursive: true });
}

async function statusWithCookie(server: TestServer, cookie: string): Promise<number> {
  return (await fetch(server.url + "/api/status", { headers: { cookie } })).status;
}

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
    const dataDir = newDataDir();
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
    const dataDir = newDataDir();
    const id = await new SessionStore(dataDir, "token-a-0123456789").create();
    const path = join(dataDir, ".tgcf-server", "sessions.json");
    expect(readFileSync(path, "utf8")).not.toContain(id);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  test("changing the token signs every session out", async () => {
    const dataDir = newDataDir();
    const id = await new SessionStore(dataDir, "token-a-0123456789").create();
    expect(new SessionStore(dataDir, "token-b-0123456789").isValid(id)).toBe(false);
  });

  test("a failed write fails its own create only: the next one is saved", async () => {
    const dir = newDataDir();
    const store = new SessionStore(dir, TOKEN_A);
    blockSessionsFile(dir);
    await expect(store.create()).rejects.toThrow();
    rmSync(sessionsPathOf(dir), { recursive: true });
    const id = await store.create();
    expect(store.isValid(id)).toBe(true);
    expect(new SessionStore(dir, TOKEN_A).isValid(id)).toBe(true);
  });

  test("the sessions of a token changed away from stay invalid when it comes back", async () => {
    const dir = newDataDir();
    const id = await new SessionStore(dir, TOKEN_A).create();
    new SessionStore(dir, TOKEN_B);
    expect(new SessionStore(dir, TOKEN_A).isValid(id)).toBe(false);
  });

  test("sessions expire", async () => {
    let now = 0;
    const store = new SessionStore(newDataDir(), "token-a-0123456789", () => now);
    const id = await store.create();
    now = SESSION_TTL_MS + 1;
    expect(store.isValid(id)).toBe(false);
  });
});

describe("sessions through the server", () => {
  test("a sign-in whose session could not be saved fails alone: the next sign-in works without a restart", async () => {
    const dir = newDataDir();
    const server = await startTestServer({ dataDir: dir });
    try {
      blockSessionsFile(dir);
      const failed = await fetch(server.url + "/api/login", {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.origin },
        body: JSON.stringify({ token: server.handle.token.token }),
      });
      expect(failed.status).toBe(500);
      rmSync(sessionsPathOf(dir), { recursive: true });
      expect(await statusWithCookie(server, await signIn(server))).toBe(200);
    } finally {
      await server.stop();
    }
  });

  test("a cookie from before a token change does not work again when the token is changed back", async () => {
    const dir = newDataDir();
    const first = await startTestServer({ dataDir: dir, token: TOKEN_A });
    const cookie = await signIn(first, TOKEN_A);
    expect(await statusWithCookie(first, cookie)).toBe(200);
    await first.stop();
    await (await startTestServer({ dataDir: dir, token: TOKEN_B })).stop();
    const back = await startTestServer({ dataDir: dir, token: TOKEN_A });
    try {
      expect(await statusWithCookie(back, cookie)).toBe(401);
    } finally {
      await back.stop();
    }
  });
});

describe("token", () => {
  test("is generated once (32 random bytes, base64url), kept with mode 0600 and reused", () => {
    const dataDir = newDataDir();
    const first = loadOrCreateToken(dataDir, null);
    expect(first.source).toBe("generated");
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const second = loadOrCreateToken(dataDir, null);
    expect(second).toMatchObject({ source: "file", token: first.token });
  });

  test("a configured token is used and nothing is written", () => {
    const dataDir = newDataDir();
    expect(loadOrCreateToken(dataDir, "configured-Token-8dJ2kQ7wX4pN9")).toMatchObject({ source: "setting", token: "configured-Token-8dJ2kQ7wX4pN9" });
    expect(existsSync(join(dataDir, ".tgcf-server", "token"))).toBe(false);
  });

  test("comparison accepts only the exact token, whatever the lengths", () => {
    expect(new SecretMatcher("abc").matches("abc")).toBe(true);
    expect(new SecretMatcher("abc").matches("abd")).toBe(false);
    expect(new SecretMatcher("abc").matches("abcd")).toBe(false);
    expect(new SecretMatcher("").matches("a")).toBe(false);
  });
});
