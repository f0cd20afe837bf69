import { describe, expect, test } from "bun:test";
import { SECRET_PLACEHOLDER, withoutSecrets } from "../../public/lib/secrets.ts";
import { logSocketUrl } from "../../public/api/log-socket.ts";

describe("secrets kept out of storage", () => {
  test("a patch loses every secret the user typed, and keeps the rest", () => {
    const patch = { login: { API_ID: 5, API_HASH: "typed-hash", BOT_TOKEN: SECRET_PLACEHOLDER }, plugins: { sender: { SESSION_STRING: "s", check: true } } };
    expect(withoutSecrets(patch)).toEqual({ login: { API_ID: 5 }, plugins: { sender: { check: true } } });
    expect(patch.login.API_HASH).toBe("typed-hash");
  });
});

describe("log socket address", () => {
  test("is relative to the page (works under a proxy sub-path), ws or wss like the page, resuming with since", () => {
    expect(logSocketUrl("https://host.test/tgcf/#/run", 0)).toBe("wss://host.test/tgcf/ws/logs?tail=500");
    expect(logSocketUrl("http://127.0.0.1:8080/", 42)).toBe("ws://127.0.0.1:8080/ws/logs?since=42");
  });
});
