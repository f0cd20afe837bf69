import { describe, expect, test } from "bun:test";
import { asSentence, telegramProblem } from "../../public/lib/telegram-problem.ts";

describe("telegramProblem", () => {
  test("a 422 at /code belongs to the code field, and its message reads as a sentence", () => {
    const problem = telegramProblem({ status: 422, message: "wrong code: enter the code Telegram sent you", details: [{ path: "/code", message: "wrong code" }] });
    expect(problem).toMatchObject({ field: "code", message: "Wrong code: enter the code Telegram sent you.", configErrors: [], retryAfterSeconds: null, title: null });
  });

  test("errors about the saved config are kept to link to their fields; no sign-in field is named", () => {
    const details = [
      { path: "/login/API_ID", message: "not set" },
      { path: "/login/API_HASH", message: "not set" },
    ];
    const problem = telegramProblem({ status: 409, message: "save your API ID and API hash (from https://my.telegram.org) in Login first", details });
    expect(problem.field).toBeNull();
    expect(problem.configErrors).toEqual(details);
  });

  test("a 429 waits for details.retryAfterSeconds, else the Retry-After header", () => {
    expect(telegramProblem({ status: 429, message: "wait", details: { retryAfterSeconds: 42 } }).retryAfterSeconds).toBe(42);
    const headers = new Headers({ "retry-after": "17" });
    expect(telegramProblem({ status: 429, message: "wait", headers }).retryAfterSeconds).toBe(17);
    expect(telegramProblem({ status: 429, message: "wait" }).retryAfterSeconds).toBeNull();
    expect(telegramProblem({ status: 502, message: "no network", headers }).retryAfterSeconds).toBeNull();
  });

  test("a 500 (no Python with Telethon) gets a heading saying the server cannot sign in", () => {
    expect(telegramProblem({ status: 500, message: "Telethon is not installed for /usr/bin/python3" }).title).toBe("Telegram sign-in cannot run on this server");
  });

  test("details that are not field errors are ignored", () => {
    expect(telegramProblem({ status: 422, message: "bad", details: [{ path: 3 }, "x", null] })).toMatchObject({ field: null, configErrors: [] });
  });
});

describe("asSentence", () => {
  test("capitalises and ends with a full stop, but leaves tgcf's name in lower case", () => {
    expect(asSentence("the helper stopped")).toBe("The helper stopped.");
    expect(asSentence("Telegram asks to wait 42 seconds.")).toBe("Telegram asks to wait 42 seconds.");
    expect(asSentence("tgcf logs in as a bot")).toBe("tgcf logs in as a bot.");
  });
});
