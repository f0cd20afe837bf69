import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { FAKE_ACCOUNT, FAKE_BOT, FAKE_BOT_SESSION, FAKE_BOT_TOKEN, FAKE_DIALOGS, FAKE_SESSIONS } from "../../fixtures/fake-telegram-helper";
import { SLOW_TEST_TIMEOUT_MS, startTelegramServer, type TelegramTestServer } from "./support";

setDefaultTimeout(SLOW_TEST_TIMEOUT_MS);

let server: TelegramTestServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

async function serverWith(login: Record<string, unknown> | null): Promise<TelegramTestServer> {
  server = await startTelegramServer({ login });
  return server;
}

const asUser = (session: string) => ({ user_type: 1, SESSION_STRING: session });

describe("checking the saved login", () => {
  test("a bot token answers who the bot is", async () => {
    const s = await serverWith({});
    const response = await s.call("POST", "/api/telegram/check");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ account: FAKE_BOT, via: "bot_token" });
    expect(s.logLines.join("\n")).not.toContain(FAKE_BOT_TOKEN);
    expect(s.bodies.join("\n")).not.toContain(FAKE_BOT_TOKEN);
  });

  test("a session string answers who the user is, and is never shown or logged", async () => {
    const s = await serverWith(asUser(FAKE_SESSIONS.plain));
    const response = await s.call("POST", "/api/telegram/check");
    expect(response.body).toEqual({ account: FAKE_ACCOUNT, via: "session_string" });
    expect([...s.logLines, ...s.bodies].join("\n")).not.toContain(FAKE_SESSIONS.plain);
  });

  test.each([
    [{ BOT_TOKEN: "123:wrong" }, 422, "bot token", "/login/BOT_TOKEN"],
    [asUser("revoked"), 422, "no longer works", "/login/SESSION_STRING"],
    [asUser("garbage"), 422, "not a Telethon session string", "/login/SESSION_STRING"],
    [{ BOT_TOKEN: "" }, 409, "no bot token saved", "/login/BOT_TOKEN"],
    [asUser(""), 409, "no session string saved", "/login/SESSION_STRING"],
    [{ API_ID: 0 }, 409, "API ID and API hash", "/login/API_ID"],
  ])("a login %p is refused with %i saying exactly what is wrong", async (login, status, message, path) => {
    const s = await serverWith(login);
    const response = await s.call("POST", "/api/telegram/check");
    expect(response.status).toBe(status);
    expect(response.body.error).toContain(message);
    expect(response.body.details[0].path).toBe(path);
  });

  test("a Telegram out of reach is 502 network unreachable", async () => {
    const s = await serverWith(asUser("offline"));
    const response = await s.call("POST", "/api/telegram/check");
    expect(response.status).toBe(502);
    expect(response.body.error).toContain("network unreachable");
  });
});

describe("listing the chats", () => {
  test("a user account's chats come with the ids tgcf expects, title, username and type", async () => {
    const s = await serverWith(asUser(FAKE_SESSIONS.plain));
    const response = await s.call("GET", "/api/telegram/dialogs");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ dialogs: FAKE_DIALOGS, truncated: false });
  });

  test("a limit below the number of chats cuts the list and says so", async () => {
    const s = await serverWith(asUser(FAKE_SESSIONS.plain));
    const response = await s.call("GET", "/api/telegram/dialogs?limit=2");
    expect(response.body.dialogs).toEqual(FAKE_DIALOGS.slice(0, 2));
    expect(response.body.truncated).toBe(true);
    expect((await s.call("GET", "/api/telegram/dialogs?limit=0")).status).toBe(422);
  });

  test("a bot login is refused with 409 saying bots cannot list chats, without asking Telegram", async () => {
    const s = await serverWith({});
    const response = await s.call("GET", "/api/telegram/dialogs");
    expect(response.status).toBe(409);
    expect(response.body.error).toContain("does not let bots list their chats");
    expect(response.body.details).toEqual([{ path: "/login/user_type", message: "is bot" }]);
  });

  test("a bot's session string saved as a user account is refused by Telegram with the same explanation", async () => {
    const s = await serverWith(asUser(FAKE_BOT_SESSION));
    const response = await s.call("GET", "/api/telegram/dialogs");
    expect(response.status).toBe(409);
    expect(response.body.error).toContain("a bot cannot list its chats");
  });

  test("concurrent requests are answered one after another, each by its own helper", async () => {
    const s = await serverWith(asUser(FAKE_SESSIONS.plain));
    const answers = await Promise.all([
      s.call("GET", "/api/telegram/dialogs"),
      s.call("POST", "/api/telegram/check"),
      s.call("GET", "/api/telegram/dialogs?limit=1"),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers[2]!.body.dialogs).toHaveLength(1);
  });
});
