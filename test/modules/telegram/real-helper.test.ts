// The real helper (src/modules/telegram/helper.py) with a real Telethon (Debian's python3-telethon, see
// .ci/ensure-telethon), always inside a network namespace that has only loopback: Telegram is never reached.
import { afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../helpers/server";
import { pythonHelperLauncher } from "../../../src/modules/telegram/launcher";
import { writeHelperScript } from "../../../src/modules/telegram/helper-script";
import { FAKE_DIALOGS } from "../../fixtures/fake-telegram-helper";
import { SLOW_TEST_TIMEOUT_MS, startTelegramServer, type TelegramTestServer } from "./support";

setDefaultTimeout(SLOW_TEST_TIMEOUT_MS);

const PYTHON = process.env.TGCF_TEST_PYTHON ?? "/usr/bin/python3";
const PROBE = join(import.meta.dir, "helper-probe.py");
/** Generous: Telethon's two connection attempts fail in about 2 s; a 502 rather than a 504 proves it came back before this. */
const STEP_TIMEOUT_MS = 30_000;
let server: TelegramTestServer | null = null;

/** The unshare arguments that give a new network namespace here: as root, or through a user namespace. */
function networkNamespace(): string[] {
  for (const prefix of [["unshare", "-n"], ["unshare", "-r", "-n"]]) {
    if (Bun.spawnSync([...prefix, "true"], { stdout: "ignore", stderr: "ignore" }).success) return prefix;
  }
  throw new Error("cannot create a network namespace (unshare -n, unshare -rn): the real-helper tests need one so that Telethon never reaches Telegram");
}

/** An executable standing for Python that runs the real one in a network namespace with only loopback. */
function isolatedPython(...pythonFlags: string[]): string {
  const path = join(tempDir("tgcf-isolated-python-"), "python3");
  const argv = [...networkNamespace(), PYTHON, ...pythonFlags].map((word) => `'${word}'`).join(" ");
  writeFileSync(path, `#!/bin/sh\nexec ${argv} "$@"\n`);
  chmodSync(path, 0o700);
  return path;
}

/** Runs Python (isolated) and returns its stdout; throws with its stderr when it fails. */
function runPython(args: string[]): string {
  const run = Bun.spawnSync([isolatedPython(), ...args], { stdout: "pipe", stderr: "pipe" });
  if (!run.success) throw new Error(`${PYTHON} ${args.join(" ")} failed: ${run.stderr.toString()}`);
  return run.stdout.toString();
}

/** A well-formed session string (DC 2, a zero auth key): valid to Telethon, useless to Telegram. */
function wellFormedSessionString(): string {
  const code = "from telethon.sessions import StringSession\nfrom telethon.crypto import AuthKey\n" +
    "s = StringSession(); s.set_dc(2, '149.154.167.51', 443); s.auth_key = AuthKey(bytes(256)); print(s.save())";
  return runPython(["-c", code]).trim();
}

beforeAll(() => {
  const probe = Bun.spawnSync([PYTHON, "-c", "import telethon"], { stdout: "ignore", stderr: "pipe" });
  if (!probe.success) throw new Error(`${PYTHON} cannot import telethon: run .ci/ensure-telethon (apt-get install python3-telethon), or set TGCF_TEST_PYTHON`);
});

afterEach(async () => {
  await server?.stop();
  server = null;
});

async function realServer(login: Record<string, unknown> = {}, python = isolatedPython()): Promise<TelegramTestServer> {
  server = await startTelegramServer({ python, options: { stepTimeoutMs: STEP_TIMEOUT_MS }, login });
  return server;
}

describe("the real helper with Debian's Telethon, Telegram out of reach", () => {
  test("it loads with this Telethon and maps Telethon's errors, dialogs, code types and users as the fake helper does", () => {
    const script = writeHelperScript();
    try {
      const probe = JSON.parse(runPython([PROBE, script.path]));
      expect(probe.errors.FloodWaitError).toEqual({ code: "FLOOD_WAIT", seconds: 42, message: "FloodWaitError" });
      const codes = Object.fromEntries(Object.entries(probe.errors).map(([name, error]) => [name, (error as { code: string }).code]));
      expect(codes).toEqual({
        FloodWaitError: "FLOOD_WAIT",
        PhoneNumberInvalidError: "PHONE_INVALID",
        PhoneNumberUnoccupiedError: "PHONE_UNREGISTERED",
        PhoneNumberFloodError: "PHONE_FLOOD",
        PhoneCodeInvalidError: "CODE_INVALID",
        PhoneCodeExpiredError: "CODE_EXPIRED",
        PasswordHashInvalidError: "PASSWORD_INVALID",
        ApiIdInvalidError: "API_ID_INVALID",
        AuthKeyUnregisteredError: "SESSION_INVALID",
        AccessTokenInvalidError: "BOT_TOKEN_INVALID",
        BotMethodInvalidError: "BOT_CANNOT_LIST_DIALOGS",
        ConnectionError: "NETWORK",
        RPCError: "TELEGRAM_ERROR",
        KeyError: "INTERNAL",
      });
      expect(JSON.stringify(probe.errors.KeyError)).not.toContain("must not be echoed");
      expect(probe.dialogs).toEqual(FAKE_DIALOGS);
      expect(probe.codeTypes).toEqual(["app", "sms", "flash_call"]);
      expect(probe.account).toEqual({ id: 1001, kind: "user", name: "Ada Lovelace", username: "ada" });
    } finally {
      script.remove();
    }
  });

  test("a sign-in start answers 502 network unreachable, ends the sign-in and does not use up the code request", async () => {
    const s = await realServer();
    const started = await s.call("POST", "/api/telegram/login/start", { phone: "+447700900123" });
    expect(started.status).toBe(502);
    expect(started.body.error).toContain("network unreachable");
    expect((await s.call("GET", "/api/telegram/login")).body).toMatchObject({ stage: "none", nextCodeRequestAt: null });
  });

  test("checking a bot token answers 502 network unreachable", async () => {
    const s = await realServer();
    const check = await s.call("POST", "/api/telegram/check");
    expect(check.status).toBe(502);
    expect(check.body.error).toContain("network unreachable");
  });

  test("checking a session string and listing its chats answer 502 network unreachable", async () => {
    const s = await realServer({ user_type: 1, SESSION_STRING: wellFormedSessionString() });
    for (const [method, path] of [["POST", "/api/telegram/check"], ["GET", "/api/telegram/dialogs"]] as const) {
      const response = await s.call(method, path);
      expect(response.status).toBe(502);
      expect(response.body.error).toContain("network unreachable");
    }
  });

  test("a session string that is not one is refused at /login/SESSION_STRING without connecting", async () => {
    const s = await realServer({ user_type: 1, SESSION_STRING: "not-a-session" });
    const check = await s.call("POST", "/api/telegram/check");
    expect(check.status).toBe(422);
    expect(check.body.details).toEqual([{ path: "/login/SESSION_STRING", message: expect.stringContaining("not a Telethon session string") }]);
  });

  test("a Python that cannot import Telethon is a 500 saying how to fix it", async () => {
    const s = await realServer({}, isolatedPython("-S")); // -S: no site-packages, so no Telethon
    const check = await s.call("POST", "/api/telegram/check");
    expect(check.status).toBe(500);
    expect(check.body.error).toContain("Telethon is not installed for");
    expect(check.body.error).toContain("TGCF_SERVER_PYTHON");
  });

  test("the helper ends by itself, exit code 0, when its stdin is closed", async () => {
    const helper = await pythonHelperLauncher({ tgcfCommand: "tgcf", tgcfPython: isolatedPython() }, process.env)(STEP_TIMEOUT_MS);
    await helper.close(STEP_TIMEOUT_MS);
    expect((await helper.exited).reason).toEqual({ kind: "exited", code: 0, signal: null, exception: null });
  });
});
