// User-account sign-in: phone → code → (two-step password) → session string saved into the config. One at a time.
import { ApiError } from "../../utils/api-error";
import type { Logger } from "../../utils/logger";
import type { ConfigStore } from "../config/store";
import { CodeRequestLimiter } from "./code-limiter";
import { apiCredentials, readSavedLogin, USER_TYPE_USER } from "./credentials";
import { apiErrorOf, checkedAnswer, formatDuration } from "./errors";
import { HelperFailure, type HelperProcess } from "./helper-process";
import type { HelperLauncher } from "./launcher";
import {
  HelperCodeAnswerSchema,
  HelperCodeSentSchema,
  HelperSignedInSchema,
  type Account,
  type CodeSent,
  type PasswordNeeded,
  type SignedIn,
  type SignInStatus,
} from "./model";
import { normalizeCode, normalizePhone } from "./phone";

export interface SignInTimings {
  /** A sign-in with no step for this long is cancelled and its helper killed. */
  idleTimeoutMs: number;
  /** Each step, the helper's start included, must be answered within this. */
  stepTimeoutMs: number;
  /** At most one code request per this interval. */
  codeRequestIntervalMs: number;
}

type Stage = "sending_code" | "code_sent" | "password_needed";

interface Flow {
  stage: Stage;
  busy: boolean;
  phone: string;
  helper: HelperProcess | null;
  codeType: string | null;
  passwordHint: string | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
  expiresAt: number | null;
}

/** Failures after which the same helper can take the step again. */
const RETRYABLE_CODES = new Set(["CODE_INVALID", "PASSWORD_INVALID", "FLOOD_WAIT"]);
/** Failures that show no code was sent, so they do not count against the one-code-a-minute limit. */
const CODE_NOT_SENT_CODES = new Set(["NETWORK", "API_ID_INVALID"]);

export class SignIn {
  private flow: Flow | null = null;
  private lastEnded: string | null = null;
  private readonly limiter: CodeRequestLimiter;

  constructor(
    private readonly store: ConfigStore,
    private readonly launch: HelperLauncher,
    private readonly logger: Logger,
    private readonly timings: SignInTimings,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter = new CodeRequestLimiter(timings.codeRequestIntervalMs, now);
  }

  /** The pid of the current sign-in's helper, or null. */
  get helperPid(): number | null {
    return this.flow?.helper?.pid ?? null;
  }

  status(): SignInStatus {
    const flow = this.flow;
    return {
      stage: flow?.stage ?? "none",
      busy: flow?.busy ?? false,
      phone: flow?.phone ?? null,
      codeType: flow?.codeType ?? null,
      passwordHint: flow?.passwordHint ?? null,
      expiresAt: flow?.expiresAt ? new Date(flow.expiresAt).toISOString() : null,
      nextCodeRequestAt: this.nextCodeRequestAt(),
      lastEnded: flow ? null : this.lastEnded,
    };
  }

  /** Asks Telegram to send a login code to `phoneInput`. 409 while another sign-in is under way, 429 within a minute of the last code. */
  async start(phoneInput: string): Promise<CodeSent> {
    if (this.flow) throw new ApiError(409, `a sign-in is already under way (${this.flow.stage.replace("_", " ")}): finish it, or cancel it first`);
    const phone = normalizePhone(phoneInput);
    this.limiter.reserve();
    const flow: Flow = { stage: "sending_code", busy: true, phone, helper: null, codeType: null, passwordHint: null, idleTimer: null, expiresAt: null };
    this.flow = flow;
    try {
      const credentials = apiCredentials(await readSavedLogin(this.store));
      const helper = await this.launch(this.timings.stepTimeoutMs);
      if (!this.adopt(flow, helper)) throw new ApiError(409, "the sign-in was cancelled");
      const answer = checkedAnswer(HelperCodeSentSchema, await helper.request("start", { ...credentials, phone }, this.timings.stepTimeoutMs));
      flow.stage = "code_sent";
      flow.codeType = answer.codeType;
      this.idle(flow);
      this.logger.info(`telegram: sign-in code sent (${answer.codeType})`);
      return { status: "code_sent", phone, codeType: answer.codeType, nextCodeRequestAt: this.nextCodeRequestAt() };
    } catch (error) {
      if (!(error instanceof HelperFailure) || CODE_NOT_SENT_CODES.has(failureCode(error) ?? "")) this.limiter.release();
      throw this.failed(flow, error, "the sign-in");
    }
  }

  /** Sends the code; answers signed_in (session saved) or password_needed. */
  async submitCode(codeInput: string): Promise<SignedIn | PasswordNeeded> {
    const code = normalizeCode(codeInput);
    const flow = this.takeStep("code_sent", "a code");
    try {
      const answer = checkedAnswer(HelperCodeAnswerSchema, await flow.helper!.request("code", { code }, this.timings.stepTimeoutMs));
      if (answer.status === "signed_in") return await this.finish(flow, answer.account, answer.session);
      flow.stage = "password_needed";
      flow.passwordHint = answer.hint;
      this.idle(flow);
      return { status: "password_needed", passwordHint: answer.hint };
    } catch (error) {
      throw this.failed(flow, error, "the sign-in");
    }
  }

  /** Sends the two-step verification password; answers signed_in (session saved). */
  async submitPassword(password: string): Promise<SignedIn> {
    const flow = this.takeStep("password_needed", "a password");
    try {
      const answer = checkedAnswer(HelperSignedInSchema, await flow.helper!.request("password", { password }, this.timings.stepTimeoutMs));
      return await this.finish(flow, answer.account, answer.session);
    } catch (error) {
      throw this.failed(flow, error, "the sign-in");
    }
  }

  /** Ends the sign-in under way, killing its helper; false when there was none. */
  async cancel(reason = "cancelled"): Promise<boolean> {
    const flow = this.flow;
    if (!flow) return false;
    await this.end(flow, reason, "kill");
    return true;
  }

  /** Server shutdown. */
  async close(): Promise<void> {
    await this.cancel("the server stopped");
  }

  private nextCodeRequestAt(): string | null {
    const at = this.limiter.nextAllowedAt;
    return at === 0 ? null : new Date(at).toISOString();
  }

  /** The flow if it waits for this step (then marked busy); 409 otherwise. */
  private takeStep(stage: Stage, what: string): Flow {
    const flow = this.flow;
    if (!flow || flow.stage !== stage) {
      const why = flow ? `it is at: ${flow.stage.replace("_", " ")}` : this.lastEnded ? `the last one ended: ${this.lastEnded}` : "none was started";
      throw new ApiError(409, `no sign-in is waiting for ${what} (${why}): start one with your phone number`);
    }
    if (flow.busy) throw new ApiError(409, "a step of this sign-in is still being sent to Telegram: wait for its answer");
    flow.busy = true;
    this.clearIdle(flow);
    return flow;
  }

  /** Attaches the started helper to the flow, or kills it when the flow was cancelled meanwhile. */
  private adopt(flow: Flow, helper: HelperProcess): boolean {
    if (this.flow !== flow) {
      void helper.kill();
      return false;
    }
    flow.helper = helper;
    void helper.exited.then((failure) => {
      if (this.flow === flow && !flow.busy && failure.reason.kind !== "killed") void this.end(flow, "the Telegram helper stopped unexpectedly", "kill");
    });
    return true;
  }

  private async finish(flow: Flow, account: Account, session: string): Promise<SignedIn> {
    try {
      await this.store.update((config) => ({ ...config, login: { ...config.login, SESSION_STRING: session, user_type: USER_TYPE_USER } }), { by: "Telegram sign-in" });
    } catch (error) {
      await this.end(flow, "signed in, but the session could not be saved", "kill");
      const why = error instanceof ApiError ? error.message : "the config could not be written";
      throw new ApiError(error instanceof ApiError ? error.status : 500, `signed in, but the session could not be saved (${why}): sign in again`);
    }
    void this.end(flow, `signed in as ${describe(account)}`, "close"); // the helper only has to disconnect: no need to wait
    this.logger.info(`telegram: signed in as ${describe(account)}; session saved to the config (user_type 1)`);
    return { status: "signed_in", account };
  }

  /** The error to throw for a failed step; ends the flow unless the same step may be tried again. */
  private failed(flow: Flow, error: unknown, what: string): unknown {
    const code = error instanceof HelperFailure ? failureCode(error) : null;
    if (error instanceof HelperFailure && code === "FLOOD_WAIT" && error.reason.kind === "answered" && error.reason.error.seconds !== null) {
      this.limiter.blockFor(error.reason.error.seconds);
    }
    const retryable = this.flow === flow && flow.stage !== "sending_code" && code !== null && RETRYABLE_CODES.has(code) && !flow.helper?.hasExited;
    if (retryable) {
      flow.busy = false;
      this.idle(flow);
    } else if (this.flow === flow) {
      void this.end(flow, error instanceof HelperFailure ? `failed: ${code ?? error.reason.kind}` : "failed", "kill");
    }
    if (error instanceof HelperFailure) {
      this.logger.info(`telegram: sign-in step failed: ${code ?? error.reason.kind}`);
      return apiErrorOf(error, what);
    }
    return error;
  }

  private idle(flow: Flow): void {
    this.clearIdle(flow);
    flow.busy = false;
    flow.expiresAt = this.now() + this.timings.idleTimeoutMs;
    flow.idleTimer = setTimeout(() => {
      if (this.flow !== flow || flow.busy) return;
      this.logger.info(`telegram: sign-in cancelled after ${formatDuration(this.timings.idleTimeoutMs)} without activity`);
      void this.end(flow, `cancelled after ${formatDuration(this.timings.idleTimeoutMs)} without activity`, "kill");
    }, this.timings.idleTimeoutMs);
  }

  private clearIdle(flow: Flow): void {
    if (flow.idleTimer) clearTimeout(flow.idleTimer);
    flow.idleTimer = null;
    flow.expiresAt = null;
  }

  private async end(flow: Flow, reason: string, how: "kill" | "close"): Promise<void> {
    this.clearIdle(flow);
    if (this.flow === flow) {
      this.flow = null;
      this.lastEnded = reason;
    }
    if (flow.helper) await (how === "kill" ? flow.helper.kill() : flow.helper.close());
  }
}

function failureCode(failure: HelperFailure): string | null {
  return failure.reason.kind === "answered" ? failure.reason.error.code : null;
}

function describe(account: Account): string {
  return account.username ? `@${account.username} (${account.id})` : `user ${account.id}`;
}
