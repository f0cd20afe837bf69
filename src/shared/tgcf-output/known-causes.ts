// What tgcf's known failures mean and what to do about them, each pointing at the setting to fix.
// Matched on Telethon's error class names and tgcf's own words (tgcf 1.1.8, Telethon 1.26).

export type CauseKind =
  | "network"
  | "flood-wait"
  | "session-invalid"
  | "session-duplicated"
  | "bot-token-invalid"
  | "api-id-invalid"
  | "chat-unreachable"
  | "login-missing"
  | "past-needs-user"
  | "config-unreadable"
  | "fake-mode";

export interface CauseHint {
  kind: CauseKind;
  /** What to do, for a person. */
  hint: string;
  /** JSON pointer of the setting to fix in tgcf's config, when one is to blame. */
  field: string | null;
  /** For a FloodWait: how long Telegram asked to wait. */
  waitSeconds?: number;
  /** For a chat tgcf cannot use: the chat id named in the error. */
  chatId?: number;
}

interface KnownCause {
  kind: CauseKind;
  pattern: RegExp;
  field: string | null;
  hint: string;
}

const KNOWN_CAUSES: KnownCause[] = [
  {
    kind: "flood-wait",
    pattern: /FloodWait|FLOOD_WAIT|A wait of \d+ seconds is required/i,
    field: null,
    hint: "Telegram asked tgcf to wait before it may connect or send again (FloodWait). tgcf-server does not start it before the wait ends; repeated logins or too many messages cause this.",
  },
  {
    kind: "session-duplicated",
    pattern: /AuthKeyDuplicated|AUTH_KEY_DUPLICATED/i,
    field: "/login/SESSION_STRING",
    hint: "The same session was used from two places at once, so Telegram revoked it. Sign in again on the Telegram account page, and never use this session in another program or instance.",
  },
  {
    kind: "session-invalid",
    pattern: /AuthKeyUnregistered|SessionRevoked|SessionExpired|UserDeactivated|AuthKeyInvalid|AUTH_KEY_UNREGISTERED|SESSION_REVOKED/i,
    field: "/login/SESSION_STRING",
    hint: "The session string is no longer valid (it was signed out, revoked or expired). Sign in again on the Telegram account page.",
  },
  {
    kind: "bot-token-invalid",
    pattern: /AccessTokenInvalid|AccessTokenExpired|ACCESS_TOKEN_INVALID|bot token (?:is )?invalid|Bot token not found/i,
    field: "/login/BOT_TOKEN",
    hint: "The bot token is missing, invalid or revoked. Get the current token from @BotFather and enter it on the Telegram account page.",
  },
  {
    kind: "api-id-invalid",
    pattern: /ApiIdInvalid|API_ID_INVALID|ApiIdPublishedFlood/i,
    field: "/login/API_ID",
    hint: "Telegram refused the API ID and API hash. Copy both again from my.telegram.org (API development tools) on the Telegram account page.",
  },
  {
    kind: "chat-unreachable",
    pattern: /ChannelPrivate|ChatWriteForbidden|ChatAdminRequired|UserBannedInChannel|ChannelInvalid|PeerIdInvalid|ChatIdInvalid|Cannot find any entity corresponding to|Could not find the input entity/i,
    field: "/forwards",
    hint: "tgcf cannot read a source chat or write to a destination. Check that the account is a member of the chat (an admin with the right to post, for a channel destination) and that the chat id is right.",
  },
  {
    kind: "login-missing",
    pattern: /Login information not set/i,
    field: "/login",
    hint: "tgcf has no login: enter the API ID, API hash and a bot token or a user session on the Telegram account page.",
  },
  {
    kind: "past-needs-user",
    pattern: /cannot use bot account for tgcf past mode/i,
    field: "/login/user_type",
    hint: "Past mode reads chat history, which Telegram allows only to user accounts: sign in as a user on the Telegram account page, or use live mode.",
  },
  {
    kind: "network",
    pattern: /Network is unreachable|Connection to Telegram failed|ConnectionError|ConnectionRefused|ConnectionReset|TimeoutError|gaierror|Name or service not known|Temporary failure in name resolution|No route to host|Errno (?:101|110|111|113)/i,
    field: null,
    hint: "tgcf cannot reach Telegram. Check this machine's network, DNS, firewall (outgoing TCP 443) and any proxy; tgcf-server retries with growing delays.",
  },
  {
    kind: "config-unreadable",
    pattern: /Failed to read config/i,
    field: "",
    hint: "tgcf could not read tgcf.config.json and ran on defaults. Open the raw editor under Advanced and fix the file.",
  },
  {
    kind: "fake-mode",
    pattern: /You are running fake with/i,
    field: null,
    hint: "The environment variable FAKE is set, which makes tgcf exit at once. Remove it from the server's environment or the data dir's .env file.",
  },
];

/** Every kind above, in the order they are tried. */
export const KNOWN_CAUSE_KINDS: readonly CauseKind[] = KNOWN_CAUSES.map((cause) => cause.kind);

/** All the patterns as one (each is case-insensitive): one scan of a line instead of one per cause. */
const ANY_KNOWN_CAUSE = new RegExp(KNOWN_CAUSES.map((cause) => `(?:${cause.pattern.source})`).join("|"), "i");

/**
 * A cheap first test for a log view that reads every line: false means `hintFor(text)` is null. True means it may
 * not be (call hintFor).
 */
export function mayNameKnownCause(text: string): boolean {
  return ANY_KNOWN_CAUSE.test(text);
}

const WAIT_SECONDS = /(?:wait of|wait|FLOOD_WAIT_)\s*(\d+)/i;
const CHAT_ID = /(-?\d{5,})/;

/** The hint for a failure text, or null when it is not a known failure. */
export function hintFor(text: string): CauseHint | null {
  const known = KNOWN_CAUSES.find((cause) => cause.pattern.test(text));
  if (!known) return null;
  const hint: CauseHint = { kind: known.kind, hint: known.hint, field: known.field };
  if (known.kind === "flood-wait") {
    const seconds = WAIT_SECONDS.exec(text)?.[1];
    if (seconds) hint.waitSeconds = Number(seconds);
  }
  if (known.kind === "chat-unreachable") {
    const chatId = CHAT_ID.exec(text)?.[1];
    if (chatId) hint.chatId = Number(chatId);
  }
  return hint;
}
