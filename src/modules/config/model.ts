// tgcf's `Config` model (tgcf/config.py, tgcf 1.1.8) as one TypeBox schema: field order, types and defaults as tgcf's.
import { Type as t, type Static } from "@sinclair/typebox";
import {
  flagField,
  integerChoiceField,
  integerField,
  listField,
  nullableField,
  objectSchema,
  peerSchema,
  textField,
} from "./model-fields";
import { PluginsSchema, USER_TYPE_TEXT, USER_TYPES } from "./model-plugins";

/** 0 = live, 1 = past (tgcf's mode). */
export const RUN_MODES = [0, 1] as const;
/** tgcf clamps past.delay into this range. */
export const PAST_DELAY_MIN = 0;
export const PAST_DELAY_MAX = 100;

const chat = (title: string, description: string, defaultValue?: string) =>
  peerSchema({ title, description }, defaultValue);

const LoginSchema = objectSchema(
  {
    API_ID: integerField(0, { title: "API ID", description: "Your Telegram API id, from https://my.telegram.org." }),
    API_HASH: textField("", { title: "API hash", description: "Your Telegram API hash, from https://my.telegram.org (secret)." }),
    user_type: integerChoiceField(USER_TYPES, 0, { title: "Account type", description: USER_TYPE_TEXT }),
    phone_no: integerField(91, {
      title: "Phone number",
      description: "Phone number with the country code, digits only. Not used by tgcf 1.1.8 when it forwards (only its own web interface's sign-in reads it).",
    }),
    USERNAME: textField("", { title: "Username", description: "Username of the account. Not used by tgcf 1.1.8 when it forwards." }),
    SESSION_STRING: textField("", {
      title: "Session string",
      description: "Telethon session string of the user account; used when the account type is 1 (secret).",
    }),
    BOT_TOKEN: textField("", { title: "Bot token", description: "Token from @BotFather; used when the account type is 0 (secret)." }),
  },
  { title: "Login", description: "The Telegram account tgcf uses." },
);

const ForwardSchema = objectSchema(
  {
    con_name: textField("", { title: "Name", description: "A name for this connection, for you to recognise it." }),
    use_this: flagField(true, { title: "Enabled", description: "Whether tgcf uses this connection." }),
    source: chat("Source", "The chat to forward from: numeric id (e.g. -1001234567890), @username or link.", ""),
    dest: listField(chat("Destination", "A chat to forward to: numeric id, @username or link."), {
      title: "Destinations",
      description: "The chats every message from the source is sent to.",
    }),
    offset: integerField(0, { title: "Start after message", description: "Past mode: start after this message id (0 = from the first)." }),
    end: nullableField(t.Integer(), 0, {
      title: "Stop at message",
      description: "Past mode: stop after this message id. No end (null) or 0 goes on to the latest message.",
    }),
  },
  { title: "Connection", description: "One source chat and the chats its messages go to." },
);

const LiveSchema = objectSchema(
  {
    sequential_updates: flagField(false, {
      title: "Sequential updates",
      description: "Handle new messages one at a time, in order (slower, but keeps the order).",
    }),
    delete_sync: flagField(false, {
      title: "Sync deletions",
      description: "When a source message is deleted, delete its forwarded copies too.",
    }),
    delete_on_edit: nullableField(t.String(), ".deleteMe", {
      title: "Delete on edit",
      description:
        "Editing a source message to exactly this text deletes it and its copies. Off is null. An empty text is not off: a media message whose caption is removed has the text \"\", so removing a caption would delete the message and its copies.",
    }),
  },
  { title: "Live mode", description: "How tgcf behaves in live mode." },
);

const PastSchema = objectSchema(
  {
    delay: integerField(
      0,
      { title: "Delay", description: `Seconds to wait between messages in past mode (${PAST_DELAY_MIN} to ${PAST_DELAY_MAX}).` },
      { minimum: PAST_DELAY_MIN, maximum: PAST_DELAY_MAX },
    ),
  },
  { title: "Past mode", description: "How tgcf behaves in past mode." },
);

const BotMessagesSchema = objectSchema(
  {
    start: textField("Hi! I am alive", { title: "Start reply", description: "What the bot replies to /start." }),
    bot_help: textField("For details visit github.com/aahnik/tgcf", { title: "Help reply", description: "What the bot replies to /help." }),
  },
  { title: "Bot messages", description: "Replies of tgcf's bot to commands." },
);

/** The whole tgcf.config.json; unknown keys are allowed at every level. */
export const TgcfConfigSchema = objectSchema(
  {
    pid: integerField(0, { title: "Process id", description: "Process id recorded by tgcf's own web interface (0 = none)." }),
    theme: textField("light", { title: "Theme", description: "Theme of tgcf's own web interface (light or dark)." }),
    login: LoginSchema,
    admins: listField(chat("Admin", "A user id or @username."), {
      title: "Admins",
      description: "Users allowed to control tgcf by sending commands to its account: /forward, /remove, /style with a bot; the same commands starting with \".\" (.forward) with a user account.",
    }),
    forwards: listField(ForwardSchema, { title: "Connections", description: "Which chats are forwarded where." }),
    show_forwarded_from: flagField(false, {
      title: "Show \"Forwarded from\"",
      description: "Forward messages with Telegram's \"Forwarded from\" header instead of sending copies. Telegram forwards skip every plugin (no filters, replacements or captions apply), and the sender plugin does not work with it.",
    }),
    mode: integerChoiceField(RUN_MODES, 0, {
      title: "Mode",
      description: "0 = live: forward new messages as they arrive; 1 = past: forward the messages already in the source chats.",
    }),
    live: LiveSchema,
    past: PastSchema,
    plugins: PluginsSchema,
    bot_messages: BotMessagesSchema,
  },
  { title: "tgcf configuration", description: "The whole configuration of tgcf (tgcf.config.json)." },
);

export type TgcfConfig = Static<typeof TgcfConfigSchema>;
export type TgcfForward = TgcfConfig["forwards"][number];

/** tgcf's defaults, as a fresh object on every call. */
export function defaultConfig(): TgcfConfig {
  return structuredClone(TgcfConfigSchema.default) as TgcfConfig;
}

/** The model as a plain JSON Schema object (TypeBox's symbol keys removed), for GET /api/config/schema. */
export function configJsonSchema(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(TgcfConfigSchema)) as Record<string, unknown>;
}
