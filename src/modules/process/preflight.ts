// What tgcf 1.1.8 would do with tgcf.config.json when it starts, said at the fields to fix: the problems that make it
// exit at once, and the warnings about what it will skip. Values are read the way tgcf coerces them ("123" is an API ID).
import type { FieldError } from "../../utils/api-error";
import type { Mode } from "./state";

/** tgcf's login.user_type values. */
export const USER_TYPE_BOT = 0;
export const USER_TYPE_USER = 1;

const ACCOUNT_PAGE = "on the Telegram account page";

export interface PreflightResult {
  /** Each would make tgcf exit at once (or do nothing): the start is refused. */
  problems: FieldError[];
  /** tgcf runs, but not as the person may expect. */
  warnings: FieldError[];
}

/** Checks the whole config for `mode` and reports every finding at once, each at its JSON pointer. */
export function preflight(config: unknown, mode: Mode): PreflightResult {
  const root = asRecord(config);
  const problems: FieldError[] = [];
  const warnings: FieldError[] = [];
  checkLogin(asRecord(root.login), mode, problems);
  checkSender(asRecord(asRecord(root.plugins).sender), problems);
  checkConnections(Array.isArray(root.forwards) ? root.forwards : [], problems, warnings);
  return { problems, warnings };
}

function checkLogin(login: Record<string, unknown>, mode: Mode, problems: FieldError[]): void {
  const apiId = toInteger(login.API_ID);
  if (apiId === null || apiId <= 0) problems.push({ path: "/login/API_ID", message: `enter the API ID from my.telegram.org ${ACCOUNT_PAGE}` });
  if (toText(login.API_HASH) === "") problems.push({ path: "/login/API_HASH", message: `enter the API hash from my.telegram.org ${ACCOUNT_PAGE}` });
  // tgcf picks the session by user_type: 0 needs a bot token, 1 a session string, anything else neither works.
  const userType = toInteger(login.user_type) ?? USER_TYPE_BOT;
  if (userType === USER_TYPE_BOT && toText(login.BOT_TOKEN) === "") {
    problems.push({ path: "/login/BOT_TOKEN", message: `the account is a bot: enter its token from @BotFather ${ACCOUNT_PAGE}, or sign in as a user` });
  } else if (userType === USER_TYPE_USER && toText(login.SESSION_STRING) === "") {
    problems.push({ path: "/login/SESSION_STRING", message: `the account is a user: sign in with your phone ${ACCOUNT_PAGE} to get a session string` });
  } else if (userType !== USER_TYPE_BOT && userType !== USER_TYPE_USER) {
    problems.push({ path: "/login/user_type", message: `choose bot or user as the account type ${ACCOUNT_PAGE} (tgcf knows no type ${userType})` });
  }
  if (mode === "past" && userType === USER_TYPE_BOT) {
    problems.push({ path: "/login/user_type", message: "past mode needs a user account: Telegram lets only users read chat history" });
  }
}

/** The sender plugin logs in with its own account at start; without its credentials tgcf exits 0 having done nothing. */
function checkSender(sender: Record<string, unknown>, problems: FieldError[]): void {
  if (sender.check !== true) return;
  const userType = toInteger(sender.user_type) ?? USER_TYPE_BOT;
  if (userType === USER_TYPE_USER) {
    if (toText(sender.SESSION_STRING) === "") problems.push({ path: "/plugins/sender/SESSION_STRING", message: "the sender plugin is on with a user account: enter its session string, or turn the plugin off" });
  } else if (userType === USER_TYPE_BOT) {
    if (toText(sender.BOT_TOKEN) === "") problems.push({ path: "/plugins/sender/BOT_TOKEN", message: "the sender plugin is on with a bot account: enter its bot token, or turn the plugin off" });
  } else {
    problems.push({ path: "/plugins/sender/user_type", message: "the sender plugin is on: choose bot or user as its account type, or turn it off" });
  }
}

function checkConnections(forwards: unknown[], problems: FieldError[], warnings: FieldError[]): void {
  let enabled = 0;
  forwards.forEach((value, index) => {
    const forward = asRecord(value);
    // tgcf's Forward.use_this defaults to true.
    if (forward.use_this === false) return;
    enabled++;
    const name = toText(forward.con_name) || `connection ${index + 1}`;
    if (chatRef(forward.source) === "") problems.push({ path: `/forwards/${index}/source`, message: `${name} is on but has no source chat: tgcf would skip it` });
    const destinations = Array.isArray(forward.dest) ? forward.dest.filter((dest) => chatRef(dest) !== "") : [];
    if (destinations.length === 0) problems.push({ path: `/forwards/${index}/dest`, message: `${name} is on but has no destination chat` });
  });
  if (enabled === 0) {
    warnings.push({ path: "/forwards", message: "no connection is on: tgcf will run and wait for its admins to add one with the bot's /forward command" });
  }
}

function chatRef(value: unknown): string {
  return typeof value === "number" ? String(value) : toText(value);
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
