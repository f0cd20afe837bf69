// What a failed Telegram request means on the page: the sentence, the field it belongs to, how long to wait.
import type { FieldError } from "../api/http.ts";

/** The fields of the sign-in steps, as the API names them in its errors (/phone, /code, /password). */
export type SignInField = "phone" | "code" | "password";

const SIGN_IN_FIELDS: readonly string[] = ["phone", "code", "password"];
/** Errors about the saved config point into it under /login. */
const CONFIG_POINTER = /^\/login(\/|$)/;

export interface TelegramProblem {
  status: number;
  /** A heading for failures that are about this server rather than about what was typed. */
  title: string | null;
  message: string;
  /** The sign-in field the message belongs to, or null. */
  field: SignInField | null;
  /** Saved config fields concerned (missing API hash, refused bot token...), to link to. */
  configErrors: FieldError[];
  /** Telegram's flood wait or the one-code-a-minute limit; null when no wait was asked for. */
  retryAfterSeconds: number | null;
}

/** What the API's failure `error` (status, message, details, headers) means for the person at the page. */
export function telegramProblem(error: { status: number; message: string; details?: unknown; headers?: Headers }): TelegramProblem {
  const fieldErrors = Array.isArray(error.details)
    ? error.details.filter((item): item is FieldError => typeof item?.path === "string" && typeof item?.message === "string")
    : [];
  const field = fieldErrors.map((item) => item.path.slice(1)).find((name) => SIGN_IN_FIELDS.includes(name)) as SignInField | undefined;
  return {
    status: error.status,
    title: error.status === 500 ? "Telegram sign-in cannot run on this server" : null,
    message: asSentence(error.message),
    field: field ?? null,
    configErrors: fieldErrors.filter((item) => CONFIG_POINTER.test(item.path)),
    retryAfterSeconds: error.status === 429 ? retryAfter(error.details, error.headers) : null,
  };
}

/** details.retryAfterSeconds, else the Retry-After header (seconds), else null. */
function retryAfter(details: unknown, headers: Headers | undefined): number | null {
  const fromDetails = (details as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  if (typeof fromDetails === "number" && fromDetails > 0) return Math.ceil(fromDetails);
  const header = Number(headers?.get("retry-after"));
  return Number.isFinite(header) && header > 0 ? Math.ceil(header) : null;
}

/** tgcf, tgcf-server, tgcf.config.json: names that stay in lower case at the start of a sentence. */
const LOWER_CASE_NAMES = /^tgcf\b/;

/** The server writes messages in lower case without a full stop (they also appear inside other sentences); the page shows sentences. */
export function asSentence(message: string): string {
  const trimmed = message.trim();
  const ended = /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
  return LOWER_CASE_NAMES.test(ended) ? ended : ended.charAt(0).toUpperCase() + ended.slice(1);
}
