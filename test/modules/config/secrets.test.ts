import { describe, expect, test } from "bun:test";
import { defaultConfig } from "../../../src/modules/config/model";
import { redactSecrets, restoreSecrets, SECRET_PLACEHOLDER } from "../../../src/modules/config/secrets";

function configWithSecrets() {
  const config = defaultConfig();
  config.login.API_HASH = "hash";
  config.login.BOT_TOKEN = "123:token";
  config.plugins.sender.SESSION_STRING = "session";
  return config;
}

describe("secrets", () => {
  test("redactSecrets hides set secrets behind the placeholder and leaves unset ones empty", () => {
    const redacted = redactSecrets(configWithSecrets());
    expect(redacted.login).toMatchObject({ API_HASH: SECRET_PLACEHOLDER, BOT_TOKEN: SECRET_PLACEHOLDER, SESSION_STRING: "" });
    expect(redacted.plugins.sender).toMatchObject({ SESSION_STRING: SECRET_PLACEHOLDER, BOT_TOKEN: "" });
    expect(JSON.stringify(redacted)).not.toMatch(/hash|token|session"/);
  });

  test("redactSecrets leaves its argument and the other fields alone", () => {
    const config = configWithSecrets();
    config.login.API_ID = 77;
    const redacted = redactSecrets(config);
    expect(config.login.API_HASH).toBe("hash");
    expect(redacted.login.API_ID).toBe(77);
  });

  test("restoreSecrets puts stored values back where the placeholder was sent", () => {
    const stored = configWithSecrets();
    const incoming = redactSecrets(stored);
    incoming.login.API_ID = 5;
    incoming.plugins.sender.BOT_TOKEN = "new-bot-token";
    const restored = restoreSecrets(incoming, stored);
    expect(restored.login).toMatchObject({ API_ID: 5, API_HASH: "hash", BOT_TOKEN: "123:token", SESSION_STRING: "" });
    expect(restored.plugins.sender).toMatchObject({ BOT_TOKEN: "new-bot-token", SESSION_STRING: "session" });
    expect(incoming.login.API_HASH).toBe(SECRET_PLACEHOLDER);
  });

  test("restoreSecrets works on unvalidated input with parts missing", () => {
    const stored = configWithSecrets();
    expect(restoreSecrets({ login: { API_HASH: SECRET_PLACEHOLDER }, plugins: "odd" }, stored)).toEqual({
      login: { API_HASH: "hash" },
      plugins: "odd",
    });
    expect(restoreSecrets(null, stored)).toBeNull();
  });
});
