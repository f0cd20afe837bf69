// The JSON-lines protocol between the server and its Telegram helper (src/modules/telegram/helper.py).
//   helper → server, first:  {"event": "ready", "protocol": 1, "telethon": "1.26.0", "python": "3.11.2"}
//                       or:  {"event": "fatal", "code": "TELETHON_MISSING", "message": "..."} and exit 3
//   server → helper:         {"id": 1, "op": "start" | "code" | "password" | "check" | "dialogs", ...params}
//   helper → server:         {"id": 1, "ok": true, "result": {...}} | {"id": 1, "ok": false, "error": {code, message, seconds}}
// End of stdin ends the helper. Secrets travel only on stdin, and back only as a sign-in's session string.

export const PROTOCOL_VERSION = 1;

/** Why a request failed, as the helper reports it. */
export const HELPER_ERROR_CODES = [
  "PHONE_INVALID",
  "PHONE_BANNED",
  "PHONE_UNREGISTERED",
  "PHONE_FLOOD",
  "CODE_INVALID",
  "CODE_EXPIRED",
  "PASSWORD_INVALID",
  "FLOOD_WAIT",
  "API_ID_INVALID",
  "NETWORK",
  "SESSION_INVALID",
  "SESSION_MALFORMED",
  "ACCOUNT_DEACTIVATED",
  "BOT_TOKEN_INVALID",
  "BOT_CANNOT_LIST_DIALOGS",
  "TELEGRAM_ERROR",
  "BAD_REQUEST",
  "INTERNAL",
] as const;
export type HelperErrorCode = (typeof HELPER_ERROR_CODES)[number];

export interface HelperErrorBody {
  code: HelperErrorCode;
  /** Telegram's error name or the exception's type: never a secret. */
  message: string;
  /** FLOOD_WAIT: seconds to wait, when Telegram said. */
  seconds: number | null;
}

export type HelperOp = "start" | "code" | "password" | "check" | "dialogs";

export type HelperMessage =
  | { event: "ready"; protocol: number; telethon: string; python: string }
  | { event: "fatal"; code: string; message: string }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: HelperErrorBody };

/** Parses one line from the helper; null for anything that is not a protocol message. */
export function parseHelperMessage(line: string): HelperMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message.event === "ready" || message.event === "fatal") return message as HelperMessage;
  if (typeof message.id !== "number" || typeof message.ok !== "boolean") return null;
  if (message.ok) return message as HelperMessage;
  const error = message.error as Partial<HelperErrorBody> | undefined;
  const code = HELPER_ERROR_CODES.includes(error?.code as HelperErrorCode) ? (error!.code as HelperErrorCode) : "INTERNAL";
  const seconds = typeof error?.seconds === "number" && Number.isFinite(error.seconds) ? error.seconds : null;
  return { id: message.id, ok: false, error: { code, message: String(error?.message ?? ""), seconds } };
}
