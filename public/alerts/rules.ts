// The server's alert rules, inlined when the UI is bundled (see server-rules.ts), and the words the page uses for them.
import type { AlertEventKind, ChannelKind, HistoryEntry } from "../api/alerts.ts";
import { alertRules } from "./server-rules.ts" with { type: "macro" };

export const ALERT_RULES = alertRules();
export const ALERT_EVENT_KINDS: readonly AlertEventKind[] = ALERT_RULES.eventKinds.map((rule) => rule.kind);

/** Names that read better than the kind's own (any other kind is named after itself: "unexpected-exit" → "Unexpected exit"). */
const EVENT_NAMES: Partial<Record<AlertEventKind, string>> = {
  "flood-wait": "Long FloodWait",
  "connection-stalled": "Stalled connection",
};

/** What each event means, for a person who does not know how tgcf-server works inside; the schema's words otherwise. */
const EVENT_MEANINGS: Partial<Record<AlertEventKind, string>> = {
  fatal: "tgcf kept stopping and tgcf-server gave up restarting it: it stays stopped until someone starts it.",
  "unexpected-exit": "tgcf stopped on its own, without anyone asking it to (tgcf-server restarts it).",
  "restart-storm": "tgcf stopped and was restarted many times in a short while.",
  "flood-wait": "Telegram told tgcf to pause for longer than the threshold because it sent too many requests.",
  "login-problem": "Telegram refused the login, or there is none: sign in again on the Telegram account page.",
  "connection-stalled": "A connection whose source usually has new messages has gone quiet.",
  recovered: "tgcf has been running well again for a while after one of the problems above.",
};

export function eventName(kind: AlertEventKind | HistoryEntry["event"]): string {
  if (kind === "test") return "Test";
  return EVENT_NAMES[kind] ?? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, " ");
}

export function eventMeaning(kind: AlertEventKind): string {
  return EVENT_MEANINGS[kind] ?? ALERT_RULES.eventKinds.find((rule) => rule.kind === kind)?.explanation ?? "";
}

const CHANNEL_WORDS: Record<ChannelKind, { name: string; addLabel: string }> = {
  webhook: { name: "Webhook", addLabel: "Add a webhook" },
  ntfy: { name: "ntfy", addLabel: "Add an ntfy topic" },
  telegram: { name: "Telegram bot", addLabel: "Add a Telegram bot" },
};

/** Each kind of channel, in the schema's order, with its name and the label of the button that adds one. */
export const CHANNEL_KINDS = ALERT_RULES.channelKinds.map((kind) => ({ kind, ...CHANNEL_WORDS[kind] }));

export function channelKindName(kind: ChannelKind): string {
  return CHANNEL_WORDS[kind]?.name ?? kind;
}

/** "1 s, 5 s and 30 s". */
export function retryDelaysText(): string {
  const parts = ALERT_RULES.retryDelaysMs.map((ms) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`));
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "");
}
