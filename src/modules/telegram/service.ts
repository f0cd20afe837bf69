// Telegram for one tgcf instance: user sign-in, checking the saved login, listing chats. Helpers die with the instance.
import { ApiError } from "../../utils/api-error";
import type { Logger } from "../../utils/logger";
import type { ConfigStore } from "../config/store";
import { TelegramAccount } from "./account";
import { CODE_REQUEST_INTERVAL_MS } from "./code-limiter";
import type { HelperProcess } from "./helper-process";
import { pythonHelperLauncher, type HelperLauncher, type LauncherSettings } from "./launcher";
import { SignIn, type SignInTimings } from "./sign-in";

/** A sign-in with no step for 5 minutes is cancelled (its helper killed). */
export const SIGN_IN_IDLE_TIMEOUT_MS = 5 * 60_000;
/** Every step (the helper's start, a request to Telegram) must be answered within this. */
export const STEP_TIMEOUT_MS = 60_000;

/** Tests shorten the timings; production uses the defaults above. */
export type TelegramOptions = Partial<SignInTimings>;

export interface TelegramServiceParts {
  store: ConfigStore;
  launcher: HelperLauncher;
  logger: Logger;
  options?: TelegramOptions;
}

export class TelegramService {
  readonly signIn: SignIn;
  readonly account: TelegramAccount;
  /** Every helper until it has exited, also one that was asked to end and is still disconnecting. */
  private readonly liveHelpers = new Set<HelperProcess>();
  private closed = false;

  constructor({ store, launcher, logger, options = {} }: TelegramServiceParts) {
    const timings: SignInTimings = {
      idleTimeoutMs: options.idleTimeoutMs ?? SIGN_IN_IDLE_TIMEOUT_MS,
      stepTimeoutMs: options.stepTimeoutMs ?? STEP_TIMEOUT_MS,
      codeRequestIntervalMs: options.codeRequestIntervalMs ?? CODE_REQUEST_INTERVAL_MS,
    };
    const tracked = this.tracking(launcher);
    this.signIn = new SignIn(store, tracked, logger, timings);
    this.account = new TelegramAccount(store, tracked, logger, timings.stepTimeoutMs);
  }

  /** The service of an instance: helpers run with the Python that runs tgcf (or TGCF_SERVER_PYTHON). */
  static forInstance(store: ConfigStore, settings: LauncherSettings, serverEnv: Record<string, string | undefined>, logger: Logger, options?: TelegramOptions): TelegramService {
    return new TelegramService({ store, launcher: pythonHelperLauncher(settings, serverEnv), logger, options });
  }

  /** A sign-in, check or chat listing is under way (its helper runs). */
  get busy(): boolean {
    return this.liveHelpers.size > 0;
  }

  /** Server shutdown: ends a sign-in and any check or listing under way, killing their helpers. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.signIn.close(), ...[...this.liveHelpers].map((helper) => helper.kill())]);
  }

  private tracking(launcher: HelperLauncher): HelperLauncher {
    return async (readyTimeoutMs) => {
      if (this.closed) throw new ApiError(503, "the server is shutting down");
      const helper = await launcher(readyTimeoutMs);
      if (this.closed) {
        await helper.kill(); // started while the server was shutting down
        throw new ApiError(503, "the server is shutting down");
      }
      this.liveHelpers.add(helper);
      void helper.exited.then(() => this.liveHelpers.delete(helper));
      return helper;
    };
  }
}
