// A real server whose Telegram helper is the fake one (TGCF_SERVER_PYTHON → a wrapper running test/fixtures/fake-telegram-helper.ts).
import { rmSync } from "node:fs";
import { fakePython, TEST_API_HASH, TEST_API_ID } from "../../modules/telegram/support.ts";
import { freePort, ServerProcess, tempDataDir } from "./server-process.ts";
import { writeConfig } from "./ui.ts";

export { FAKE_ACCOUNT, FAKE_BOT, FAKE_BOT_TOKEN, FAKE_PASSWORD, FAKE_SESSIONS } from "../../fixtures/fake-telegram-helper.ts";
export { helpersRunningFrom } from "../../modules/telegram/support.ts";

/** The fake helper's scripted phone numbers (see the fixture's header). */
export const PHONES = {
  signsIn: "+10000000001",
  needsPassword: "+10000000002",
  floodWait: "+10000000004",
  unreachable: "+10000000006",
} as const;
export const RIGHT_CODE = "12345";
export const WRONG_CODE = "11111";
export const FLOOD_WAIT_SECONDS = 42;

export interface TelegramUiServer {
  server: ServerProcess;
  dataDir: string;
  /** The wrapper standing where Python would. */
  python: string;
  stop(): Promise<void>;
}

export interface TelegramUiServerOptions {
  /** Saved login fields on top of the API ID and hash; null: no login at all (tgcf's defaults). */
  login?: Record<string, unknown> | null;
  /** FAKE_TELEGRAM_MODE, e.g. "telethon-missing". */
  mode?: string;
}

/** Starts the server as a child process with the fake Telegram helper and the given saved login. */
export async function startTelegramUiServer({ login = {}, mode = "" }: TelegramUiServerOptions = {}): Promise<TelegramUiServer> {
  const dataDir = tempDataDir();
  if (login !== null) writeConfig(dataDir, { login: { API_ID: TEST_API_ID, API_HASH: TEST_API_HASH, user_type: 0, ...login } });
  const python = fakePython(mode);
  const server = new ServerProcess({ port: await freePort(), dataDir, env: { TGCF_SERVER_PYTHON: python } });
  await server.start();
  return {
    server,
    dataDir,
    python,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
