// How a chat is written in tgcf's config (source, destinations, admins), checked the same way by the form and the
// server: a numeric id, an @username, or a t.me link. Pure: the server and the browser UI both import it.

/** Telegram usernames: 4 to 32 letters, digits and underscores, starting with a letter (old ones may be 4 long). */
const USERNAME = /^@[A-Za-z][A-Za-z0-9_]{3,31}$/;
/** Public and invite links: t.me/name, t.me/joinchat/HASH, t.me/+HASH, with or without https://. */
const TME_LINK = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/(?:[A-Za-z][A-Za-z0-9_]{3,31}|joinchat\/[A-Za-z0-9_-]+|\+[A-Za-z0-9_-]+)\/?$/;
const NUMERIC = /^[-+]?\d+$/;
/** Telethon's name for the account itself (Saved Messages). */
const SELF = "me";

export const CHAT_REF_HINT = "a numeric chat id such as -1001234567890, an @username, or a t.me link";

/** Why `text` is not a chat tgcf can use, or null when it is one. An empty text is left to the caller. */
export function chatRefProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed === SELF || NUMERIC.test(trimmed) || USERNAME.test(trimmed) || TME_LINK.test(trimmed)) return null;
  if (/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(trimmed)) return `write the username with its @: @${trimmed}`;
  return `enter ${CHAT_REF_HINT}`;
}
