// What a person reads when Telegram or the helper says no: a sentence saying what to do, and the field concerned.
import type { Static, TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ApiError, type FieldError } from "../../utils/api-error";
import { HelperFailure } from "./helper-process";
import type { HelperErrorBody, HelperErrorCode } from "./protocol";

const MY_TELEGRAM = "https://my.telegram.org";

interface Explanation {
  status: number;
  message: string;
  /** JSON pointers: into the request body (/phone, /code, /password) or, under /login, into the saved config. */
  paths?: string[];
}

const EXPLANATIONS: Record<Exclude<HelperErrorCode, "FLOOD_WAIT" | "TELEGRAM_ERROR">, Explanation> = {
  PHONE_INVALID: { status: 422, message: "Telegram says this phone number is not valid: enter it with the country code, e.g. +447700900123", paths: ["/phone"] },
  PHONE_BANNED: { status: 422, message: "Telegram has banned this phone number", paths: ["/phone"] },
  PHONE_UNREGISTERED: { status: 422, message: "no Telegram account uses this phone number: sign up in a Telegram app first", paths: ["/phone"] },
  PHONE_FLOOD: { status: 429, message: "Telegram will not send more codes to this number for now (asked too often): wait some hours, then try again", paths: ["/phone"] },
  CODE_INVALID: { status: 422, message: "wrong code: enter the code Telegram sent you", paths: ["/code"] },
  CODE_EXPIRED: { status: 422, message: "the code has expired: start the sign-in again to get a new one", paths: ["/code"] },
  PASSWORD_INVALID: { status: 422, message: "wrong password: enter the two-step verification password of this account", paths: ["/password"] },
  API_ID_INVALID: { status: 422, message: `Telegram refused the API ID and API hash: copy both from ${MY_TELEGRAM} into Login and save`, paths: ["/login/API_ID", "/login/API_HASH"] },
  NETWORK: { status: 502, message: "Telegram cannot be reached from this server (network unreachable): check its internet connection, firewall or proxy, then try again" },
  SESSION_INVALID: { status: 422, message: "the saved session string no longer works (signed out, revoked or expired): sign in again", paths: ["/login/SESSION_STRING"] },
  SESSION_MALFORMED: { status: 422, message: "the saved session string is not a Telethon session string: sign in again, or paste a valid one", paths: ["/login/SESSION_STRING"] },
  ACCOUNT_DEACTIVATED: { status: 422, message: "this Telegram account has been deleted or banned" },
  BOT_TOKEN_INVALID: { status: 422, message: "Telegram refused the bot token: copy it again from @BotFather into Login and save", paths: ["/login/BOT_TOKEN"] },
  BOT_CANNOT_LIST_DIALOGS: { status: 409, message: "a bot cannot list its chats (Telegram does not allow it): sign in with a user account, or enter chat ids by hand" },
  BAD_REQUEST: { status: 500, message: "the Telegram helper did not understand the server (a bug): please report it" },
  INTERNAL: { status: 500, message: "the Telegram helper failed unexpectedly" },
};

/** The ApiError for an error the helper answered with. Flood waits are 429 with Retry-After. */
export function apiErrorOfAnswer(error: HelperErrorBody): ApiError {
  if (error.code === "FLOOD_WAIT") return floodWaitError(error.seconds);
  if (error.code === "TELEGRAM_ERROR") return new ApiError(502, `Telegram refused: ${error.message}`);
  const explanation = EXPLANATIONS[error.code];
  const message = error.code === "INTERNAL" ? `${explanation.message} (${error.message})` : explanation.message;
  return new ApiError(explanation.status, message, fieldErrors(explanation.paths, message));
}

/** 429: Telegram asked to wait; Retry-After and details.retryAfterSeconds say how long when Telegram did. */
export function floodWaitError(seconds: number | null): ApiError {
  if (seconds === null) return new ApiError(429, "Telegram asks to wait before trying again (too many attempts)");
  const wait = Math.max(1, Math.ceil(seconds));
  return new ApiError(429, `Telegram asks to wait ${wait} seconds before trying again (too many attempts)`, { retryAfterSeconds: wait }, { "Retry-After": String(wait) });
}

/** The ApiError for any failure of a step; `what` names the step for messages ("the sign-in", "the check"). */
export function apiErrorOf(failure: HelperFailure, what: string): ApiError {
  const { reason } = failure;
  switch (reason.kind) {
    case "answered":
      return apiErrorOfAnswer(reason.error);
    case "timeout":
      return new ApiError(504, `Telegram did not answer within ${formatDuration(reason.afterMs)}, so ${what} was stopped: try again`);
    case "exited": {
      const how = reason.exception ? `Python raised ${reason.exception}` : reason.signal ? `signal ${reason.signal}` : `exit code ${reason.code}`;
      return new ApiError(502, `the Telegram helper stopped unexpectedly (${how}), so ${what} was stopped: try again`);
    }
    case "killed":
      return new ApiError(409, `${what} was cancelled`);
    case "unavailable":
      return new ApiError(500, `the Telegram helper is not available: ${reason.message}`);
  }
}

function fieldErrors(paths: string[] | undefined, message: string): FieldError[] | undefined {
  return paths?.map((path) => ({ path, message }));
}

/** The helper's answer if it has the expected shape; else 500 (the helper and the server disagree: a bug). */
export function checkedAnswer<T extends TSchema>(schema: T, answer: unknown): Static<T> {
  if (Value.Check(schema, answer)) return answer;
  throw new ApiError(500, "the Telegram helper answered something unexpected (a bug): please report it");
}

/** 300000 → "5 minutes", 1500 → "1.5 s". */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
