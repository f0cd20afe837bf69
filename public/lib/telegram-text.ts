// Sentences about Telegram logins: where a code went, who an account is, whether sign-in can start.
import type { TelegramAccount } from "../api/telegram.ts";
import { SECRET_PLACEHOLDER } from "./secrets.ts";

export const MY_TELEGRAM_URL = "https://my.telegram.org";
/** login.user_type as tgcf reads it. */
export const USER_ACCOUNT_TYPE = 1;

/** Where Telegram sent the login code, by the API's codeType. */
export function codeDestination(codeType: string | null, phone: string): string {
  switch (codeType) {
    case "app":
      return "Telegram sent the code to your Telegram app, on a phone or computer where you are already signed in (look for a message from Telegram).";
    case "sms":
      return `Telegram sent the code by SMS to ${phone}.`;
    case "call":
      return `Telegram is calling ${phone} to read out the code.`;
    case "flash_call":
      return `Telegram is calling ${phone}: the code is the last digits of the calling number.`;
    case "missed_call":
      return `Telegram is calling ${phone}: the code is the last digits of the number of the missed call.`;
    case "email":
      return "Telegram sent the code to the email address of the account.";
    case "fragment_sms":
      return `Telegram sent the code through Fragment for ${phone}.`;
    case null:
      return `Telegram sent a code for ${phone}.`;
    default:
      return `Telegram sent a code for ${phone} (${codeType.replace(/_/g, " ")}).`;
  }
}

/** "Ada Lovelace (@ada)", or "Ada Lovelace (id 1001)" without a username. */
export function accountName(account: TelegramAccount): string {
  return `${account.name} (${account.username ? `@${account.username}` : `id ${account.id}`})`;
}

export interface SignInReadiness {
  /** Saved API ID / API hash missing, as field titles. */
  missing: string[];
  /** API ID or hash edited but not saved: sign-in uses the saved ones. */
  unsavedCredentials: boolean;
  sessionSaved: boolean;
}

type LoginSection = Record<string, unknown> | undefined;
const loginOf = (config: Record<string, unknown> | null): LoginSection => (config?.login ?? undefined) as LoginSection;

/** Whether the saved config lets the sign-in start (the server reads API ID and hash from it). */
export function signInReadiness(saved: Record<string, unknown> | null, draft: Record<string, unknown> | null): SignInReadiness {
  const login = loginOf(saved);
  const edited = loginOf(draft);
  const missing = [
    ...(typeof login?.API_ID === "number" && login.API_ID > 0 ? [] : ["API ID"]),
    ...(login?.API_HASH === SECRET_PLACEHOLDER ? [] : ["API hash"]),
  ];
  return {
    missing,
    unsavedCredentials: edited?.API_ID !== login?.API_ID || edited?.API_HASH !== login?.API_HASH,
    sessionSaved: login?.SESSION_STRING === SECRET_PLACEHOLDER,
  };
}

/** True when the draft says tgcf logs in as a user (the wizard is for user accounts). */
export function isUserAccount(draft: Record<string, unknown> | null): boolean {
  return loginOf(draft)?.user_type === USER_ACCOUNT_TYPE;
}
