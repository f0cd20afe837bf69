// TypeBox schemas of the Telegram API and of what the helper answers; the services' types come from these.
import { Type as t, type Static } from "@sinclair/typebox";

export const DEFAULT_DIALOG_LIMIT = 500;
export const MAX_DIALOG_LIMIT = 5_000;

const Username = t.Union([t.String(), t.Null()], { description: "without @; null when it has none" });

export const AccountSchema = t.Object({
  id: t.Integer({ description: "Telegram's user id" }),
  kind: t.Union([t.Literal("user"), t.Literal("bot")]),
  name: t.String({ description: "first and last name" }),
  username: Username,
});
export type Account = Static<typeof AccountSchema>;

export const ChatTypeSchema = t.Union([t.Literal("user"), t.Literal("bot"), t.Literal("group"), t.Literal("supergroup"), t.Literal("channel")]);

export const ChatSchema = t.Object({
  id: t.Integer({ description: "the id tgcf expects in source, dest and admins (channels and supergroups -100…, groups negative, users positive)" }),
  title: t.String(),
  username: Username,
  type: ChatTypeSchema,
});
export type Chat = Static<typeof ChatSchema>;

export const PhoneBody = t.Object({ phone: t.String({ minLength: 1, maxLength: 40, description: "with the country code, e.g. +447700900123" }) });
export const CodeBody = t.Object({ code: t.String({ minLength: 1, maxLength: 40, description: "the code Telegram sent (in the app, or by SMS)" }) });
export const PasswordBody = t.Object({ password: t.String({ minLength: 1, maxLength: 1024, description: "the two-step verification password" }) });

const NextCodeRequestAt = t.Union([t.String({ format: "date-time" }), t.Null()], {
  description: "when another code may be asked for (one a minute); null: now",
});

export const CodeSentSchema = t.Object({
  status: t.Literal("code_sent"),
  phone: t.String({ description: "the number as sent to Telegram" }),
  codeType: t.String({ description: "where the code went: app, sms, call, flash_call, missed_call, email, fragment_sms …" }),
  nextCodeRequestAt: NextCodeRequestAt,
});
export const PasswordNeededSchema = t.Object({
  status: t.Literal("password_needed"),
  passwordHint: t.Union([t.String(), t.Null()], { description: "the hint the account owner chose" }),
});
export const SignedInSchema = t.Object({
  status: t.Literal("signed_in"),
  account: AccountSchema,
});
export type CodeSent = Static<typeof CodeSentSchema>;
export type PasswordNeeded = Static<typeof PasswordNeededSchema>;
export type SignedIn = Static<typeof SignedInSchema>;

export const SignInStageSchema = t.Union([t.Literal("none"), t.Literal("sending_code"), t.Literal("code_sent"), t.Literal("password_needed")], {
  description: "none: no sign-in under way · sending_code: asking Telegram for a code · code_sent: waiting for POST …/code · password_needed: waiting for POST …/password",
});

export const SignInStatusSchema = t.Object({
  stage: SignInStageSchema,
  busy: t.Boolean({ description: "a step is being sent to Telegram right now" }),
  phone: t.Union([t.String(), t.Null()]),
  codeType: t.Union([t.String(), t.Null()]),
  passwordHint: t.Union([t.String(), t.Null()]),
  expiresAt: t.Union([t.String({ format: "date-time" }), t.Null()], { description: "when an idle sign-in is cancelled (5 minutes after its last step)" }),
  nextCodeRequestAt: NextCodeRequestAt,
  lastEnded: t.Union([t.String(), t.Null()], { description: "how the previous sign-in ended, e.g. cancelled after 5 minutes without activity" }),
});
export type SignInStatus = Static<typeof SignInStatusSchema>;

export const CheckResultSchema = t.Object({
  account: AccountSchema,
  via: t.Union([t.Literal("bot_token"), t.Literal("session_string")], { description: "which saved secret was used (from login.user_type)" }),
});
export type CheckResult = Static<typeof CheckResultSchema>;

export const DialogsResultSchema = t.Object({
  dialogs: t.Array(ChatSchema),
  truncated: t.Boolean({ description: "the account has more chats than the limit" }),
});
export type DialogsResult = Static<typeof DialogsResultSchema>;

// What the helper answers (src/modules/telegram/helper.py).
export const HelperCodeSentSchema = t.Object({ status: t.Literal("code_sent"), codeType: t.String() });
export const HelperPasswordNeededSchema = t.Object({ status: t.Literal("password_needed"), hint: t.Union([t.String(), t.Null()]) });
export const HelperSignedInSchema = t.Object({ status: t.Literal("signed_in"), account: AccountSchema, session: t.String({ minLength: 1 }) });
export const HelperCodeAnswerSchema = t.Union([HelperPasswordNeededSchema, HelperSignedInSchema]);
export const HelperCheckSchema = t.Object({ account: AccountSchema });
export const HelperDialogsSchema = t.Object({ dialogs: t.Array(ChatSchema) });
