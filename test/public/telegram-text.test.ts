import { describe, expect, test } from "bun:test";
import { accountName, codeDestination, isUserAccount, signInReadiness } from "../../public/lib/telegram-text.ts";
import { SECRET_PLACEHOLDER } from "../../public/lib/secrets.ts";

const savedLogin = (login: Record<string, unknown>) => ({ login: { API_ID: 0, API_HASH: "", SESSION_STRING: "", user_type: 0, ...login } });

describe("signInReadiness", () => {
  test("names the saved API ID and hash that are missing", () => {
    expect(signInReadiness(savedLogin({}), savedLogin({})).missing).toEqual(["API ID", "API hash"]);
    const ready = savedLogin({ API_ID: 4242, API_HASH: SECRET_PLACEHOLDER });
    expect(signInReadiness(ready, ready)).toEqual({ missing: [], unsavedCredentials: false, sessionSaved: false });
  });

  test("notices credentials typed but not saved, and a saved session string", () => {
    const saved = savedLogin({ API_ID: 4242, API_HASH: SECRET_PLACEHOLDER, SESSION_STRING: SECRET_PLACEHOLDER });
    const draft = savedLogin({ API_ID: 4243, API_HASH: SECRET_PLACEHOLDER, SESSION_STRING: SECRET_PLACEHOLDER });
    expect(signInReadiness(saved, draft)).toEqual({ missing: [], unsavedCredentials: true, sessionSaved: true });
  });

  test("the wizard is for user accounts (user_type 1)", () => {
    expect(isUserAccount(savedLogin({ user_type: 1 }))).toBe(true);
    expect(isUserAccount(savedLogin({ user_type: 0 }))).toBe(false);
    expect(isUserAccount(null)).toBe(false);
  });
});

describe("texts", () => {
  test("say where the code went by its type", () => {
    expect(codeDestination("app", "+1")).toContain("your Telegram app");
    expect(codeDestination("sms", "+15550100")).toBe("Telegram sent the code by SMS to +15550100.");
    expect(codeDestination("some_new_way", "+1")).toBe("Telegram sent a code for +1 (some new way).");
  });

  test("name an account with its @username, or its id without one", () => {
    expect(accountName({ id: 1001, kind: "user", name: "Ada Lovelace", username: "ada" })).toBe("Ada Lovelace (@ada)");
    expect(accountName({ id: 777, kind: "user", name: "Grace Hopper", username: null })).toBe("Grace Hopper (id 777)");
  });
});
