// What one of tgcf's log records says about forwarding: a message seen, forwarded, a FloodWait, an error. Pure (no
// Bun, Node or DOM imports), like ../../shared/tgcf-output, so the browser UI could read records the same way.
// The texts are tgcf 1.1.8's own (tgcf/live.py, tgcf/past.py, tgcf/config.py), logged with --loud, and Telethon's
// automatic FloodWait sleep (telethon/client/users.py, _fmt_flood).
import type { LogRecord } from "../../shared/tgcf-output/rich-records";

export type ActivityEvent =
  /** live.py:26 `New message received in {chat_id}`: a message tgcf will forward (before its filters). */
  | { kind: "received"; chat: string }
  /** live.py:67 `Message edited in {chat_id}`. */
  | { kind: "edited"; chat: string }
  /** live.py:100 `Message deleted in {chat_id}` (only with live.delete_sync). */
  | { kind: "deleted"; chat: string }
  /** past.py:45 `Forwarding messages from {src} to {dest}`: past mode starts on one connection. */
  | { kind: "past-connection"; chat: string; destinations: string }
  /** past.py:75 `forwarding message with id = {last_id}`, logged after the copies were sent. */
  | { kind: "forwarded"; messageId: number }
  /** past.py:79 `slept for {CONFIG.past.delay} seconds`. */
  | { kind: "slept"; seconds: number }
  /**
   * past.py:82 `Sleeping for {FloodWaitError}` ("A wait of N seconds is required (caused by X)"), or Telethon's own
   * sleep on a short FloodWait, `Sleeping for Ns (h:mm:ss) on X flood wait`. `seconds` is 0 when the text has none.
   */
  | { kind: "flood-wait"; seconds: number }
  /** live.py:151 `Added event handler for {key}`: key is new, edited, deleted or a bot command, not a chat. */
  | { kind: "handler-added"; event: string }
  /** config.py:258 `Login information not set!` (a WARNING; tgcf then exits 0). */
  | { kind: "login-missing" }
  /** Any ERROR or CRITICAL record (past.py:85 logs each failed message with logging.exception). */
  | { kind: "error"; message: string };

export type ActivityKind = ActivityEvent["kind"];

/** Telegram's marked chat ids as tgcf logs them (event.chat_id, get_peer_id): a signed integer. */
const CHAT_ID = "(-?\\d{1,20})";
const RECEIVED = new RegExp(`^New message received in ${CHAT_ID}$`);
const EDITED = new RegExp(`^Message edited in ${CHAT_ID}$`);
const DELETED = new RegExp(`^Message deleted in ${CHAT_ID}$`);
const PAST_CONNECTION = new RegExp(`^Forwarding messages from ${CHAT_ID} to (.*)$`);
const FORWARDED = /^forwarding message with id = (\d{1,20})$/;
const SLEPT = /^slept for (\d+(?:\.\d+)?) seconds$/;
const TGCF_FLOOD_WAIT = /^Sleeping for (?=.*(?:wait|flood))/i;
const FLOOD_WAIT_SECONDS = /A wait of (\d+) seconds/;
const TELETHON_FLOOD_WAIT = /^Sleeping(?: early)? for (\d+)s \([^)]*\) on \w+ flood wait$/;
const HANDLER_ADDED = /^Added event handler for (\w+)$/;
const LOGIN_MISSING = "Login information not set!";
const ERROR_LEVELS: ReadonlySet<string> = new Set(["ERROR", "CRITICAL"]);
const CANONICAL_INTEGER = /^(?:0|-?[1-9]\d*)$/;

/**
 * A cheap test on a raw line (colour codes and all) that lets through every line that can start an activity record.
 * Nothing it looks for is split by rich's highlighting, which colours numbers, brackets and quotes, not words.
 */
export const ACTIVITY_HINT = /received in|edited in|deleted in|orwarding message|slept for|Sleeping|event handler for|Login information|ERROR|CRITICAL/;

/** The activity a record reports, or null when it reports none. */
export function activityOf(record: LogRecord): ActivityEvent | null {
  const message = record.message;
  if (ERROR_LEVELS.has(record.level)) return { kind: "error", message };
  let match: RegExpExecArray | null;
  if ((match = RECEIVED.exec(message))) return { kind: "received", chat: canonicalChatId(match[1]!) };
  if ((match = EDITED.exec(message))) return { kind: "edited", chat: canonicalChatId(match[1]!) };
  if ((match = DELETED.exec(message))) return { kind: "deleted", chat: canonicalChatId(match[1]!) };
  if ((match = FORWARDED.exec(message))) return { kind: "forwarded", messageId: Number(match[1]) };
  if ((match = SLEPT.exec(message))) return { kind: "slept", seconds: Number(match[1]) };
  if ((match = PAST_CONNECTION.exec(message))) return { kind: "past-connection", chat: canonicalChatId(match[1]!), destinations: match[2]!.trim() };
  if ((match = TELETHON_FLOOD_WAIT.exec(message))) return { kind: "flood-wait", seconds: Number(match[1]) };
  if (TGCF_FLOOD_WAIT.test(message)) return { kind: "flood-wait", seconds: Number(FLOOD_WAIT_SECONDS.exec(message)?.[1] ?? 0) };
  if ((match = HANDLER_ADDED.exec(message))) return { kind: "handler-added", event: match[1]! };
  if (message === LOGIN_MISSING) return { kind: "login-missing" };
  return null;
}

/**
 * A chat id as one canonical decimal text ("-1001234567890"), or null when `value` is not an integer id (a
 * "@username" or a link). Numbers and numeric strings compare as numbers: "007", " 7 " and 7 are the same chat.
 */
export function chatIdOf(value: unknown): string | null {
  if (typeof value === "number") return Number.isSafeInteger(value) ? String(value) : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  return /^[+-]?\d{1,20}$/.test(text) ? canonicalChatId(text) : null;
}

/** Canonical decimal text: no "+", no leading zeros, no "-0". tgcf's own ids already are (the common, fast case). */
function canonicalChatId(digits: string): string {
  return CANONICAL_INTEGER.test(digits) ? digits : BigInt(digits).toString();
}
