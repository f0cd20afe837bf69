// The cause of an exit from tgcf's real output (captures of tgcf 1.1.8 in test/fixtures/tgcf) and from every form
// a traceback takes: rich's box coloured and plain at widths 80 and 200, and Python's plain traceback.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { exitCauseOf } from "../../src/shared/tgcf-output/exit-cause";
import { hintFor } from "../../src/shared/tgcf-output/known-causes";
import { logRecordsOf } from "../../src/shared/tgcf-output/rich-records";
import { stripAnsi } from "../../src/modules/logs/ansi";

const CAPTURES = join(import.meta.dir, "../fixtures/tgcf");
const EXITS = join(CAPTURES, "exits");

/** A run's lines as the supervisor keeps them: stdout, then stderr, without terminal codes. */
function linesOf(stdoutFile: string, stderrFile: string): string[] {
  return [stdoutFile, stderrFile].flatMap((file) => stripAnsi(readFileSync(file, "utf8")).split("\n"));
}

const run = (name: string) => linesOf(join(EXITS, `${name}.stdout.txt`), join(EXITS, `${name}.stderr.txt`));

describe("causes in the real tgcf's output", () => {
  test.each(["live-bot-nonet-80-color", "live-bot-nonet-200-plain"])("%s: no network is a ConnectionError with the network hint", (name) => {
    const cause = exitCauseOf(run(name))!;
    expect(cause.text).toBe("ConnectionError: Connection to Telegram failed 5 time(s)");
    expect(cause.exceptionType).toBe("ConnectionError");
    expect(cause.hint?.kind).toBe("network");
  });

  test("the shared capture (stopped by SIGINT while failing) and the one left to fail agree", () => {
    const failed = exitCauseOf(linesOf(join(CAPTURES, "real-run-live-stdout-plain.txt"), join(CAPTURES, "real-run-live-stderr-plain.txt")))!;
    expect(failed.text).toBe("ConnectionError: Connection to Telegram failed 5 time(s)");
    // Stopped before the traceback: the last warning explains it.
    const stopped = exitCauseOf(linesOf(join(CAPTURES, "real-run-live-stdout-color.txt"), join(CAPTURES, "real-run-live-stderr-color.txt")))!;
    expect(stopped.exceptionType).toBeNull();
    expect(stopped.hint?.kind).toBe("network");
  });

  test.each(["live-badsession-80-plain", "live-badsession-200-color"])("%s: a session string that is none is named", (name) => {
    expect(exitCauseOf(run(name))?.text).toBe("ValueError: Not a valid string");
  });

  test.each(["live-nologin-80-plain", "live-nologin-200-color"])("%s: tgcf's own warning, with the login hint", (name) => {
    const cause = exitCauseOf(run(name))!;
    expect(cause.text).toBe("Login information not set!");
    expect(cause.hint).toMatchObject({ kind: "login-missing", field: "/login" });
  });

  test("past mode with a bot: the whole warning, joined from rich's wrapped lines", () => {
    const cause = exitCauseOf(run("past-bot-200-plain"))!;
    expect(cause.text).toMatch(/^You cannot use bot account for tgcf past mode\. Telegram does not allow bots to access chat history\.$/);
    expect(cause.hint).toMatchObject({ kind: "past-needs-user", field: "/login/user_type" });
  });

  test("every capture gives a cause: none is left unexplained", () => {
    const names = [...new Set(readdirSync(EXITS).map((file) => file.replace(/\.(stdout|stderr)\.txt$/, "")))];
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const name of names) expect(exitCauseOf(run(name)), name).not.toBeNull();
  });

  test("tgcf's start-up warning about its web password explains nothing", () => {
    const records = logRecordsOf(run("live-bot-nonet-80-color"));
    expect(records.some((record) => record.message.startsWith("You have not set a password"))).toBe(true);
    expect(exitCauseOf(run("live-bot-nonet-80-color").slice(0, 12))).toBeNull();
  });
});

/** A rich traceback box around `exception`, `width` columns wide, as tgcf prints it on stderr. */
function richBox(width: number, exceptionLines: string[]): string[] {
  const inner = width - 2;
  return [
    `╭${" Traceback (most recent call last) ".padStart((inner + 35) / 2, "─").padEnd(inner, "─")}╮`,
    `│ /usr/lib/python3/dist-packages/tgcf/live.py:136 in start_sync`.padEnd(width - 1) + "│",
    `│ ❱ 136 │   │   await client.start(bot_token=CONFIG.login.BOT_TOKEN)`.padEnd(width - 1) + "│",
    `╰${"─".repeat(inner)}╯`,
    ...exceptionLines,
  ];
}

function plainTraceback(exceptionLine: string): string[] {
  return ["Traceback (most recent call last):", '  File "/usr/lib/python3/dist-packages/tgcf/cli.py", line 120, in main', "    asyncio.run(start_sync())", exceptionLine];
}

const colour = (lines: string[]) => lines.map((line) => `\x1b[31m${line.slice(0, 1)}\x1b[0m${line.slice(1)}`);

describe("every form of a traceback", () => {
  const cases: Array<[string, string, string]> = [
    ["OSError: [Errno 101] Network is unreachable", "OSError: [Errno 101] Network is unreachable", "network"],
    ["telethon.errors.rpcerrorlist.FloodWaitError: A wait of 3600 seconds is required (caused by SignInRequest)", "FloodWaitError: A wait of 3600 seconds is required (caused by SignInRequest)", "flood-wait"],
    ["telethon.errors.rpcerrorlist.AuthKeyUnregisteredError: The key is not registered in the system (caused by GetMeRequest)", "AuthKeyUnregisteredError: The key is not registered in the system (caused by GetMeRequest)", "session-invalid"],
    ["telethon.errors.rpcerrorlist.SessionRevokedError: The authorization has been invalidated", "SessionRevokedError: The authorization has been invalidated", "session-invalid"],
    ["telethon.errors.rpcerrorlist.AccessTokenInvalidError: The provided token is not valid (caused by ImportBotAuthorizationRequest)", "AccessTokenInvalidError: The provided token is not valid (caused by ImportBotAuthorizationRequest)", "bot-token-invalid"],
    ["telethon.errors.rpcerrorlist.AuthKeyDuplicatedError: An auth key with the same ID was already generated", "AuthKeyDuplicatedError: An auth key with the same ID was already generated", "session-duplicated"],
    ["telethon.errors.rpcerrorlist.ApiIdInvalidError: The api_id/api_hash combination is invalid (caused by SendCodeRequest)", "ApiIdInvalidError: The api_id/api_hash combination is invalid (caused by SendCodeRequest)", "api-id-invalid"],
    ["telethon.errors.rpcerrorlist.ChannelPrivateError: The channel specified is private and you lack permission to access it", "ChannelPrivateError: The channel specified is private and you lack permission to access it", "chat-unreachable"],
    ["telethon.errors.rpcerrorlist.ChatWriteForbiddenError: You can't write in this chat (caused by SendMessageRequest)", "ChatWriteForbiddenError: You can't write in this chat (caused by SendMessageRequest)", "chat-unreachable"],
  ];

  for (const width of [80, 200]) {
    test.each(cases)(`rich's box at width ${width}, plain and coloured: %s`, (raised, text, kind) => {
      // rich wraps the exception line at the width, between words.
      const cut = raised.lastIndexOf(" ", width);
      const wrapped = raised.length <= width ? [raised] : [raised.slice(0, cut), raised.slice(cut + 1)];
      for (const lines of [richBox(width, wrapped), colour(richBox(width, wrapped)).map(stripAnsi)]) {
        const cause = exitCauseOf(["[12/06/26 05:06:38] INFO     Connecting...", ...lines, "", "Aborted."])!;
        expect(cause.text).toBe(text);
        expect(cause.hint?.kind).toBe(kind as never);
      }
    });
  }

  test.each(cases)("Python's plain traceback: %s", (raised, text, kind) => {
    const cause = exitCauseOf(plainTraceback(raised))!;
    expect(cause.text).toBe(text);
    expect(cause.hint?.kind).toBe(kind as never);
  });

  test("the end of a plain traceback whose header was not kept still gives its exception", () => {
    const end = ['    await self._connect()', '  File "/usr/lib/python3/dist-packages/telethon/network/mtprotosender.py", line 254, in _connect', "    raise ConnectionError('Connection to Telegram failed {} time(s)'.format(self._retries))", "ConnectionError: Connection to Telegram failed 5 time(s)", "Aborted."];
    expect(exitCauseOf(end)?.text).toBe("ConnectionError: Connection to Telegram failed 5 time(s)");
  });

  test("with chained exceptions the last one raised is the cause", () => {
    const lines = [...plainTraceback("ValueError: first"), "", "During handling of the above exception, another exception occurred:", "", ...plainTraceback("OSError: [Errno 101] Network is unreachable")];
    expect(exitCauseOf(lines)?.text).toBe("OSError: [Errno 101] Network is unreachable");
  });

  test("an exit that nothing explains has no cause", () => {
    expect(exitCauseOf([])).toBeNull();
    expect(exitCauseOf(["[12/06/26 05:06:38] INFO     Added event handler for -1001", "plain print"])).toBeNull();
  });
});

describe("hints", () => {
  test("a FloodWait says how long, a chat error names the chat", () => {
    expect(hintFor("FloodWaitError: A wait of 3600 seconds is required")).toMatchObject({ kind: "flood-wait", waitSeconds: 3600 });
    expect(hintFor("Sleeping for A wait of 42 seconds is required (caused by ForwardMessagesRequest)")?.waitSeconds).toBe(42);
    expect(hintFor("ValueError: Cannot find any entity corresponding to \"-1001234567\"")).toMatchObject({ kind: "chat-unreachable", chatId: -1001234567 });
  });

  test("every hint that blames a setting points at one of tgcf's config fields", () => {
    const schema = JSON.parse(readFileSync(join(CAPTURES, "config-schema.json"), "utf8"));
    for (const text of ["Login information not set!", "AccessTokenInvalidError", "AuthKeyDuplicatedError", "ApiIdInvalidError", "ChannelPrivateError"]) {
      const field = hintFor(text)!.field!;
      const [top = "", key] = field.split("/").slice(1);
      expect(Object.keys(schema.properties), text).toContain(top);
      if (key) expect(Object.keys(schema.definitions[schema.properties[top].allOf[0].$ref.split("/").pop()].properties), text).toContain(key);
    }
  });
});
