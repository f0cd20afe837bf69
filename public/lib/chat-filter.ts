// Finding a chat in the signed-in user's chat list: by title, @username or id.
import type { Chat, ChatType } from "../api/telegram.ts";

/** What the picker is for: any chat (sources, destinations) or a person (admins, who send tgcf commands). */
export type ChatPurpose = "chat" | "person";

const TYPE_WORDS: Record<ChatType, string> = {
  user: "person",
  bot: "bot",
  group: "group",
  supergroup: "supergroup",
  channel: "channel",
};

export function chatTypeWord(type: ChatType): string {
  return TYPE_WORDS[type] ?? type;
}

/** "@bookclub · supergroup · -1001234567890" */
export function chatDetails(chat: Chat): string {
  return [chat.username ? `@${chat.username}` : null, chatTypeWord(chat.type), String(chat.id)].filter(Boolean).join(" · ");
}

/** "Book club (supergroup, @bookclub)": which chat an id in a field stands for. */
export function chatSummary(chat: Chat): string {
  return `${chat.title} (${[chatTypeWord(chat.type), chat.username ? `@${chat.username}` : null].filter(Boolean).join(", ")})`;
}

/** The chats fit for `purpose` whose title, @username or id contains `query` (case and accents ignored), in list order. */
export function filterChats(chats: readonly Chat[], query: string, purpose: ChatPurpose): Chat[] {
  const wanted = fold(query.trim().replace(/^@/, ""));
  return chats.filter((chat) => {
    if (purpose === "person" && chat.type !== "user") return false;
    if (wanted === "") return true;
    return [chat.title, chat.username ?? "", String(chat.id)].some((text) => fold(text).includes(wanted));
  });
}

/** The chat a field's value (an id, or an @username) stands for, if the list has it. */
export function chatFor(chats: readonly Chat[], value: unknown): Chat | undefined {
  if (typeof value === "number") return chats.find((chat) => chat.id === value);
  if (typeof value !== "string" || !value.startsWith("@")) return undefined;
  const username = value.slice(1).toLowerCase();
  return chats.find((chat) => chat.username?.toLowerCase() === username);
}

function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/** "6 chats", "2 of 6 chats", "1 of 2 people": what the list shows. */
export function chatCountText(shown: number, total: number, purpose: ChatPurpose): string {
  const noun = (count: number) => (purpose === "person" ? (count === 1 ? "person" : "people") : count === 1 ? "chat" : "chats");
  return shown === total ? `${total} ${noun(total)}` : `${shown} of ${total} ${noun(total)}`;
}
