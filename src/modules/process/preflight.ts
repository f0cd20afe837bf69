// What in tgcf.config.json would make tgcf exit as soon as it starts, said so a person can fix it.
import type { Mode } from "./state";

/** tgcf's login.user_type values. */
export const USER_TYPE_BOT = 0;
export const USER_TYPE_USER = 1;

const LOGIN_HELP = "get it from https://my.telegram.org and enter it under Login";

/**
 * Problems that would stop tgcf at once in `mode`; empty when none are found. `config` is the
 * parsed tgcf.config.json; values are read the way tgcf coerces them ("123" is an API ID).
 */
export function preflightProblems(config: unknown, mode: Mode): string[] {
  const root = asRecord(config);
  const login = asRecord(root.login);
  const problems: string[] = [];

  const apiId = toInteger(login.API_ID);
  if (apiId === null || apiId === 0) problems.push(`API ID is not set: ${LOGIN_HELP}`);
  if (toText(login.API_HASH) === "") problems.push(`API hash is not set: ${LOGIN_HELP}`);

  const isBot = (toInteger(login.user_type) ?? USER_TYPE_BOT) === USER_TYPE_BOT;
  if (isBot && toText(login.BOT_TOKEN) === "") {
    problems.push("no bot token: the account is a bot, so enter the token from @BotFather under Login, or switch to a user account");
  }
  if (!isBot && toText(login.SESSION_STRING) === "") {
    problems.push("no session string: the account is a user, so enter a session string under Login, or switch to a bot account");
  }
  if (mode === "past" && isBot) {
    problems.push("past mode needs a user account: Telegram lets only users read chat history; switch the account to user");
  }

  const forwards = Array.isArray(root.forwards) ? root.forwards.map(asRecord) : [];
  // tgcf's Forward.use_this defaults to true.
  if (!forwards.some((forward) => forward.use_this !== false)) {
    problems.push("no enabled connection: add a connection with a source and a destination, and turn it on");
  }
  return problems;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** tgcf's integer coercion: numbers truncate, numeric text and booleans count, anything else is missing. */
function toInteger(value: unknown): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return null;
}

function toText(value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}
