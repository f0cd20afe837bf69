// The sign-in wizard as a state machine: phone → code → (password) → done, resumed from the server's status after a reload.
import type { SignInStatus, TelegramAccount } from "../api/telegram.ts";
import type { TelegramProblem } from "./telegram-problem.ts";

/** closed: only a button to start · sending: Telegram is being asked for a code · done: signed in. */
export type SignInStep = "loading" | "closed" | "phone" | "sending" | "code" | "password" | "done";

export interface SignInFlowState {
  step: SignInStep;
  /** As typed, then as the server normalised it. */
  phone: string;
  codeType: string | null;
  passwordHint: string | null;
  /** When the server cancels the idle sign-in (ms since the epoch). */
  expiresAt: number | null;
  /** No code may be asked for before this (one a minute, or a flood wait). */
  nextCodeAt: number | null;
  /** The code or password step may not be sent again before this (a flood wait). */
  retryAt: number | null;
  lastEnded: string | null;
  /** A request of this page is waiting for its answer. */
  busy: boolean;
  problem: TelegramProblem | null;
  /** A sentence about what just happened that is not a problem ("The sign-in was cancelled."). */
  notice: string | null;
  account: TelegramAccount | null;
}

export type SignInEvent =
  /** The server's status; `idleStep` is where the wizard rests when no sign-in is under way (first load only). */
  | { type: "status"; status: SignInStatus; idleStep?: "closed" | "phone" }
  | { type: "open" }
  | { type: "close" }
  | { type: "sending"; phone?: string }
  | { type: "code-sent"; phone: string; codeType: string; nextCodeRequestAt: string | null }
  | { type: "password-needed"; passwordHint: string | null }
  | { type: "signed-in"; account: TelegramAccount }
  | { type: "failed"; problem: TelegramProblem; now: number }
  | { type: "cancelled" };

export const INITIAL_SIGN_IN: SignInFlowState = {
  step: "loading",
  phone: "",
  codeType: null,
  passwordHint: null,
  expiresAt: null,
  nextCodeAt: null,
  retryAt: null,
  lastEnded: null,
  busy: false,
  problem: null,
  notice: null,
  account: null,
};

const STEP_OF_STAGE = { sending_code: "sending", code_sent: "code", password_needed: "password" } as const;

const timeOf = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** Where the wizard is once the server says `status`. */
function stepAfterStatus(state: SignInFlowState, status: SignInStatus, idleStep: "closed" | "phone" | undefined): SignInStep {
  if (status.stage !== "none") return STEP_OF_STAGE[status.stage];
  if (state.step === "loading") return idleStep ?? "closed";
  // The sign-in ended on the server (cancelled, expired, failed): back to the phone number.
  if (state.step === "sending" || state.step === "code" || state.step === "password") return "phone";
  return state.step;
}

export function signInFlow(state: SignInFlowState, event: SignInEvent): SignInFlowState {
  switch (event.type) {
    case "status": {
      const { status } = event;
      const step = stepAfterStatus(state, status, event.idleStep);
      const sameStep = step === state.step;
      return {
        ...state,
        step,
        phone: status.phone ?? state.phone,
        codeType: status.codeType ?? state.codeType,
        passwordHint: status.passwordHint,
        expiresAt: timeOf(status.expiresAt),
        nextCodeAt: timeOf(status.nextCodeRequestAt),
        retryAt: sameStep ? state.retryAt : null,
        lastEnded: status.lastEnded,
      };
    }
    case "open":
      return { ...state, step: "phone", problem: null, notice: null, account: null };
    case "close":
      return { ...state, step: "closed", busy: false, problem: null, notice: null };
    case "sending":
      return { ...state, busy: true, problem: null, notice: null, step: event.phone === undefined ? state.step : "sending", phone: event.phone ?? state.phone };
    case "code-sent":
      return { ...state, step: "code", busy: false, phone: event.phone, codeType: event.codeType, nextCodeAt: timeOf(event.nextCodeRequestAt), retryAt: null };
    case "password-needed":
      return { ...state, step: "password", busy: false, passwordHint: event.passwordHint, retryAt: null };
    case "signed-in":
      return { ...state, step: "done", busy: false, account: event.account, expiresAt: null, retryAt: null };
    case "failed": {
      const step = state.step === "sending" ? "phone" : state.step;
      const waitUntil = event.problem.retryAfterSeconds === null ? null : event.now + event.problem.retryAfterSeconds * 1000;
      const asksForCode = step === "phone";
      return {
        ...state,
        step,
        busy: false,
        problem: event.problem,
        notice: null,
        nextCodeAt: asksForCode && waitUntil !== null ? Math.max(waitUntil, state.nextCodeAt ?? 0) : state.nextCodeAt,
        retryAt: !asksForCode && waitUntil !== null ? waitUntil : state.retryAt,
      };
    }
    case "cancelled":
      return { ...state, step: "closed", busy: false, problem: null, notice: "The sign-in was cancelled.", expiresAt: null, retryAt: null };
  }
}

/** Whole seconds from `now` until `at`, or 0 when it has passed (or there is none). */
export function secondsUntil(at: number | null, now: number): number {
  return at === null ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}
