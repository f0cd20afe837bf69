import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readlinkSync } from "node:fs";
import { isProcessAlive, waitUntil } from "../../helpers/server";
import { FAKE_ACCOUNT, FAKE_PASSWORD, FAKE_SESSIONS } from "../../fixtures/fake-telegram-helper";
import { SLOW_TEST_TIMEOUT_MS, startTelegramServer, type TelegramTestServer } from "./support";

setDefaultTimeout(SLOW_TEST_TIMEOUT_MS);

const SECRETS = [FAKE_SESSIONS.plain, FAKE_SESSIONS.twoStep, FAKE_PASSWORD, "12345"];
let server: TelegramTestServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

async function serverWith(...args: Parameters<typeof startTelegramServer>): Promise<TelegramTestServer> {
  server = await startTelegramServer(...args);
  return server;
}

/** No secret in the server's log or in any response the test received. */
function expectNoSecretLeaked(s: TelegramTestServer): void {
  const seen = [...s.logLines, ...s.bodies].join("\n");
  for (const secret of SECRETS) expect(seen).not.toContain(secret);
}

describe("user sign-in through the fake helper", () => {
  test("phone then code signs in: the session string is saved with user_type 1 and never shown or logged", async () => {
    const s = await serverWith();
    const started = await s.call("POST", "/api/telegram/login/start", { phone: "+1 000 000-0001" });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: "code_sent", phone: "+10000000001", codeType: "app" });
    expect((await s.call("GET", "/api/telegram/login")).body).toMatchObject({ stage: "code_sent", busy: false, phone: "+10000000001" });

    const signedIn = await s.call("POST", "/api/telegram/login/code", { code: "12 345" });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toEqual({ status: "signed_in", account: FAKE_ACCOUNT });
    const login = s.savedConfig().login;
    expect(login.SESSION_STRING).toBe(FAKE_SESSIONS.plain);
    expect(login.user_type).toBe(1);
    expect(login.BOT_TOKEN).not.toBe(""); // the rest of the login is kept
    expect((await s.call("GET", "/api/config")).body.login.SESSION_STRING).toBe("********");
    expect((await s.call("GET", "/api/telegram/login")).body).toMatchObject({ stage: "none", lastEnded: "signed in as @ada (1001)" });
    expect(s.logLines.join("\n")).toContain("signed in as @ada");
    expectNoSecretLeaked(s);
  });

  test("an account with two-step verification asks for the password, and a wrong one can be corrected", async () => {
    const s = await serverWith();
    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000002" });
    const code = await s.call("POST", "/api/telegram/login/code", { code: "12345" });
    expect(code.body).toEqual({ status: "password_needed", passwordHint: "the usual" });

    const wrong = await s.call("POST", "/api/telegram/login/password", { password: "not it" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.details).toEqual([{ path: "/password", message: expect.stringContaining("wrong password") }]);
    expect(s.savedConfig().login.SESSION_STRING).toBe("");

    const right = await s.call("POST", "/api/telegram/login/password", { password: FAKE_PASSWORD });
    expect(right.status).toBe(200);
    expect(right.body.status).toBe("signed_in");
    expect(s.savedConfig().login).toMatchObject({ SESSION_STRING: FAKE_SESSIONS.twoStep, user_type: 1 });
    expectNoSecretLeaked(s);
  });

  test("a wrong code is 422 at /code and the same sign-in takes the right one", async () => {
    const s = await serverWith();
    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    const wrong = await s.call("POST", "/api/telegram/login/code", { code: "11111" });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toContain("wrong code");
    expect(wrong.body.details[0].path).toBe("/code");
    expect((await s.call("POST", "/api/telegram/login/code", { code: "12345" })).status).toBe(200);
  });

  test("an expired code is 422 at /code and ends the sign-in, killing its helper", async () => {
    const s = await serverWith();
    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    const pid = s.handle.instance.telegram.signIn.helperPid!;
    const expired = await s.call("POST", "/api/telegram/login/code", { code: "22222" });
    expect(expired.status).toBe(422);
    expect(expired.body.error).toContain("expired");
    expect(expired.body.details[0].path).toBe("/code");
    await waitUntil(() => !isProcessAlive(pid), 10_000, "the helper to be gone");
    expect((await s.call("POST", "/api/telegram/login/code", { code: "12345" })).status).toBe(409);
  });

  test.each([
    ["+10000000003", 422, "not valid", [{ path: "/phone" }]],
    ["+10000000005", 422, "API ID and API hash", [{ path: "/login/API_ID" }, { path: "/login/API_HASH" }]],
    ["+10000000006", 502, "cannot be reached", undefined],
  ])("Telegram's refusal of %s becomes %i with a clear message, naming the field concerned if any", async (phone, status, message, details) => {
    const s = await serverWith();
    const response = await s.call("POST", "/api/telegram/login/start", { phone });
    expect(response.status).toBe(status);
    expect(response.body.error).toContain(message);
    if (details) expect(response.body.details).toMatchObject(details);
    else expect(response.body.details).toBeUndefined();
    expect((await s.call("GET", "/api/telegram/login")).body.stage).toBe("none");
  });

  test("a flood wait is 429 with Retry-After, and no code is asked for before it is over", async () => {
    const s = await serverWith();
    const flood = await s.call("POST", "/api/telegram/login/start", { phone: "+10000000004" });
    expect(flood.status).toBe(429);
    expect(flood.headers.get("retry-after")).toBe("42");
    expect(flood.body).toMatchObject({ error: expect.stringContaining("wait 42 seconds"), details: { retryAfterSeconds: 42 } });
    const again = await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(30);
  });

  test("a phone number that is not one is refused at /phone before anything is asked of Telegram", async () => {
    const s = await serverWith();
    const response = await s.call("POST", "/api/telegram/login/start", { phone: "call me" });
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([{ path: "/phone", message: expect.stringContaining("country code") }]);
    expect(s.handle.instance.telegram.signIn.helperPid).toBeNull();
  });

  test("only one sign-in at a time: a second start is 409 until the first is cancelled", async () => {
    const s = await serverWith();
    expect((await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" })).status).toBe(200);
    const second = await s.call("POST", "/api/telegram/login/start", { phone: "+10000000002" });
    expect(second.status).toBe(409);
    expect(second.body.error).toContain("already under way");

    const pid = s.handle.instance.telegram.signIn.helperPid!;
    expect((await s.call("POST", "/api/telegram/login/cancel")).body).toEqual({ cancelled: true });
    expect(isProcessAlive(pid)).toBe(false);
    expect((await s.call("POST", "/api/telegram/login/cancel")).body).toEqual({ cancelled: false });
    expect((await s.call("POST", "/api/telegram/login/start", { phone: "+10000000002" })).status).toBe(200);
  });

  test("a code or password with no sign-in waiting for it is 409 saying why", async () => {
    const s = await serverWith();
    const code = await s.call("POST", "/api/telegram/login/code", { code: "12345" });
    expect(code.status).toBe(409);
    expect(code.body.error).toContain("no sign-in is waiting for a code");
    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    expect((await s.call("POST", "/api/telegram/login/password", { password: "x" })).status).toBe(409);
  });

  test("at most one code request a minute: the next start is 429 with Retry-After", async () => {
    const s = await serverWith({ options: {} });
    const first = await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    expect(first.body.nextCodeRequestAt).not.toBeNull();
    await s.call("POST", "/api/telegram/login/cancel");
    const second = await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    expect(second.status).toBe(429);
    const retryAfter = Number(second.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(second.body.error).toContain("Telegram bans accounts");
  });

  test("a Telegram that never answers ends the step with 504 and the helper is killed", async () => {
    const s = await serverWith({ options: { codeRequestIntervalMs: 0, stepTimeoutMs: 1_500 } });
    const hung = await s.call("POST", "/api/telegram/login/start", { phone: "+10000000007" });
    expect(hung.status).toBe(504);
    expect(hung.body.error).toContain("did not answer within 1.5 s");
    expect((await s.call("GET", "/api/telegram/login")).body.stage).toBe("none");

    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    const pid = s.handle.instance.telegram.signIn.helperPid!;
    expect((await s.call("POST", "/api/telegram/login/code", { code: "33333" })).status).toBe(504);
    await waitUntil(() => !isProcessAlive(pid), 10_000, "the helper to be gone");
  });

  test("a helper that crashes mid-flow is 502, ends the sign-in, and what it printed is not logged", async () => {
    const s = await serverWith();
    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000008" });
    const crashed = await s.call("POST", "/api/telegram/login/code", { code: "12345" });
    expect(crashed.status).toBe(502);
    expect(crashed.body.error).toContain("stopped unexpectedly (Python raised KeyError)");
    expect((await s.call("GET", "/api/telegram/login")).body.stage).toBe("none");
    expectNoSecretLeaked(s);
  });

  test("a sign-in idle for longer than the idle timeout is cancelled and its helper killed", async () => {
    const s = await serverWith({ options: { codeRequestIntervalMs: 0, idleTimeoutMs: 200 } });
    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    const pid = s.handle.instance.telegram.signIn.helperPid!;
    expect(isProcessAlive(pid)).toBe(true);
    await waitUntil(() => !isProcessAlive(pid), 10_000, "the idle helper to be killed");
    const status = (await s.call("GET", "/api/telegram/login")).body;
    expect(status).toMatchObject({ stage: "none", lastEnded: "cancelled after 0.2 s without activity" });
    const late = await s.call("POST", "/api/telegram/login/code", { code: "12345" });
    expect(late.status).toBe(409);
    expect(late.body.error).toContain("without activity");
  });

  test("server shutdown kills the helper of a sign-in under way and deletes its temporary copy", async () => {
    const s = await serverWith();
    await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    const pid = s.handle.instance.telegram.signIn.helperPid!;
    const helperDir = readlinkSync(`/proc/${pid}/cwd`);
    expect(existsSync(helperDir)).toBe(true);
    await s.stop();
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(helperDir)).toBe(false);
  });

  test("sign-in needs the API ID and hash saved first (409 naming them)", async () => {
    const s = await serverWith({ login: null });
    const response = await s.call("POST", "/api/telegram/login/start", { phone: "+10000000001" });
    expect(response.status).toBe(409);
    expect(response.body.details).toEqual([
      { path: "/login/API_ID", message: "not set" },
      { path: "/login/API_HASH", message: "not set" },
    ]);
  });

  test("the Telegram routes need authentication like the rest of the API", async () => {
    const s = await serverWith();
    const response = await fetch(s.url + "/api/telegram/login/start", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ phone: "+10000000001" }),
    });
    expect(response.status).toBe(401);
    expect(s.handle.instance.telegram.signIn.helperPid).toBeNull();
  });
});
