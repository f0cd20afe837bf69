// Presentation of particular fields (the schema says what they are; this says how they sit on the page).
// A field not listed here is still rendered, from its schema alone.
import type { ChatPurpose } from "../lib/chat-filter.ts";

export interface FieldHint {
  /** Not shown in forms (still in the raw editor). */
  hidden?: boolean;
  multiline?: boolean;
  link?: { href: string; text: string };
  /** Shown only when the object holding the field satisfies this. */
  when?: (parent: Record<string, unknown>) => boolean;
  placeholder?: string;
  /** A chat id: offer the chat picker, listing any chat or only people. */
  chat?: ChatPurpose;
  /** Replaces the schema's description where the form needs to say more (or say it better). */
  description?: string;
  /** A field that may be null, where null means something of its own: offered as a choice of that name, with its help. */
  nullChoice?: { label: string; help: string };
}

const BOT_ACCOUNT = 0;
const USER_ACCOUNT = 1;
const isBot = (parent: Record<string, unknown>) => parent.user_type === BOT_ACCOUNT;
const isUser = (parent: Record<string, unknown>) => parent.user_type === USER_ACCOUNT;

/** Keyed by JSON pointer; `*` stands for any array index. */
const HINTS: Record<string, FieldHint> = {
  // Used by tgcf's own web interface only.
  "/pid": { hidden: true },
  "/theme": { hidden: true },
  "/plugins/replace/text_raw": { hidden: true },
  "/login/API_HASH": { link: { href: "https://my.telegram.org", text: "Get your API ID and hash at my.telegram.org" } },
  "/login/BOT_TOKEN": { when: isBot },
  "/login/SESSION_STRING": { when: isUser },
  "/plugins/sender/BOT_TOKEN": { when: isBot },
  "/plugins/sender/SESSION_STRING": { when: isUser },
  "/forwards/*/source": { placeholder: "-1001234567890 or @channel", chat: "chat" },
  "/forwards/*/dest/*": { placeholder: "-1001234567890 or @channel", chat: "chat" },
  "/admins/*": { placeholder: "123456789 or @username", chat: "person" },
  "/plugins/caption/header": { multiline: true },
  "/plugins/caption/footer": { multiline: true },
  "/bot_messages/start": { multiline: true },
  "/bot_messages/bot_help": { multiline: true },
  // tgcf deletes on edit when the edited message's text equals this value; a media message without caption has text "".
  "/live/delete_on_edit": {
    description: "When a source message is edited so that its text is exactly this, tgcf deletes it and its forwarded copies.",
    nullChoice: {
      label: "Off",
      help: 'Off (saved as null) never deletes on edit. An empty text is not off: a media message whose caption is removed has the text "", so with an empty text here, removing a caption deletes that message and its copies.',
    },
  },
  "/forwards/*/end": {
    description: "Past mode: stop at this message id.",
    nullChoice: { label: "No end", help: "No end (saved as null) goes on to the newest message; 0 does the same." },
  },
};

/** The hint for the field at `pointer`, or {}. */
export function hintFor(pointer: string): FieldHint {
  return HINTS[pointer.replace(/\/\d+(?=\/|$)/g, "/*")] ?? {};
}
