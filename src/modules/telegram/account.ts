// Who the saved login is, and its chats: one helper per request, one request at a time, tgcf's session files untouched.
import { ApiError } from "../../utils/api-error";
import type { Logger } from "../../utils/logger";
import type { ConfigStore } from "../config/store";
import { apiCredentials, missingSecret, readSavedLogin, USER_TYPE_USER, type SavedLogin } from "./credentials";
import { apiErrorOf, checkedAnswer } from "./errors";
import { HelperFailure } from "./helper-process";
import type { HelperLauncher } from "./launcher";
import { HelperCheckSchema, HelperDialogsSchema, type CheckResult, type DialogsResult } from "./model";
import type { HelperOp } from "./protocol";

const NO_SESSION = "no session string saved: sign in with your phone number first (or paste a session string in Login)";

export class TelegramAccount {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ConfigStore,
    private readonly launch: HelperLauncher,
    private readonly logger: Logger,
    private readonly stepTimeoutMs: number,
  ) {}

  /** Signs in with the saved bot token or session string (by login.user_type) and says who it is. */
  check(): Promise<CheckResult> {
    return this.serialized(async () => {
      const login = await readSavedLogin(this.store);
      const credentials = apiCredentials(login);
      const asUser = login.user_type === USER_TYPE_USER;
      const secret = asUser ? { session: sessionOf(login) } : { bot_token: botTokenOf(login) };
      const { account } = checkedAnswer(HelperCheckSchema, await this.run("check", { ...credentials, ...secret }, "the check"));
      this.logger.info(`telegram: check: the saved login is ${account.kind} ${account.id}`);
      return { account, via: asUser ? "session_string" : "bot_token" };
    });
  }

  /** The signed-in user's chats, at most `limit`; 409 for a bot (Telegram lets bots list none). */
  dialogs(limit: number): Promise<DialogsResult> {
    return this.serialized(async () => {
      const login = await readSavedLogin(this.store);
      const credentials = apiCredentials(login);
      if (login.user_type !== USER_TYPE_USER) {
        throw new ApiError(
          409,
          "tgcf logs in as a bot (account type: bot), and Telegram does not let bots list their chats: sign in with a user account, or enter chat ids by hand",
          [{ path: "/login/user_type", message: "is bot" }],
        );
      }
      const answer = await this.run("dialogs", { ...credentials, session: sessionOf(login), limit: limit + 1 }, "listing the chats");
      const { dialogs } = checkedAnswer(HelperDialogsSchema, answer);
      return { dialogs: dialogs.slice(0, limit), truncated: dialogs.length > limit };
    });
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task);
    this.queue = result.catch(() => undefined); // the next request runs whatever this one did
    return result;
  }

  private async run(op: HelperOp, params: Record<string, unknown>, what: string): Promise<unknown> {
    const helper = await this.launch(this.stepTimeoutMs);
    try {
      return await helper.request(op, params, this.stepTimeoutMs);
    } catch (error) {
      if (!(error instanceof HelperFailure)) throw error;
      this.logger.info(`telegram: ${op} failed: ${error.reason.kind === "answered" ? error.reason.error.code : error.reason.kind}`);
      throw apiErrorOf(error, what);
    } finally {
      void helper.close(); // it only has to disconnect; the service kills it at shutdown if it is still there
    }
  }
}

function sessionOf(login: SavedLogin): string {
  if (login.SESSION_STRING.trim() === "") throw missingSecret("/login/SESSION_STRING", NO_SESSION);
  return login.SESSION_STRING.trim();
}

function botTokenOf(login: SavedLogin): string {
  if (login.BOT_TOKEN.trim() === "") throw missingSecret("/login/BOT_TOKEN", "no bot token saved: paste the token from @BotFather in Login first");
  return login.BOT_TOKEN.trim();
}
