// Telegram sign-in, login check and chat list (docs/API.md, "Telegram"): the shapes of the answers and the calls.
import { instanceApi } from "../state/instance.ts";
import { request } from "./http.ts";

export interface TelegramAccount {
  id: number;
  kind: "user" | "bot";
  name: string;
  /** Without @; null when it has none. */
  username: string | null;
}

export type ChatType = "user" | "bot" | "group" | "supergroup" | "channel";

export interface Chat {
  /** What tgcf expects in source, dest and admins. */
  id: number;
  title: string;
  username: string | null;
  type: ChatType;
}

export type SignInStage = "none" | "sending_code" | "code_sent" | "password_needed";

export interface SignInStatus {
  stage: SignInStage;
  busy: boolean;
  phone: string | null;
  codeType: string | null;
  passwordHint: string | null;
  /** ISO times, or null. */
  expiresAt: string | null;
  nextCodeRequestAt: string | null;
  /** How the previous sign-in ended, e.g. "cancelled after 5 minutes without activity". */
  lastEnded: string | null;
}

export interface CodeSent {
  status: "code_sent";
  phone: string;
  codeType: string;
  nextCodeRequestAt: string | null;
}

export type CodeAnswer = { status: "signed_in"; account: TelegramAccount } | { status: "password_needed"; passwordHint: string | null };

export interface CheckResult {
  account: TelegramAccount;
  via: "bot_token" | "session_string";
}

export interface ChatListResult {
  dialogs: Chat[];
  /** The account has more chats than were listed. */
  truncated: boolean;
}

const post = async <T>(path: string, body?: unknown): Promise<T> => (await request<T>(path, { method: "POST", body })).data;

/** Where the sign-in stands (to resume it after a reload). */
export const getSignInStatus = async (): Promise<SignInStatus> => (await request<SignInStatus>(instanceApi("telegram/login"))).data;
/** Asks Telegram to send a login code to `phone`. */
export const startSignIn = (phone: string) => post<CodeSent>(instanceApi("telegram/login/start"), { phone });
export const sendSignInCode = (code: string) => post<CodeAnswer>(instanceApi("telegram/login/code"), { code });
export const sendSignInPassword = (password: string) => post<{ status: "signed_in"; account: TelegramAccount }>(instanceApi("telegram/login/password"), { password });
export const cancelSignIn = () => post<{ cancelled: boolean }>(instanceApi("telegram/login/cancel"));
/** Signs in with the saved bot token or session string and says who it is. */
export const checkLogin = () => post<CheckResult>(instanceApi("telegram/check"));
/** The signed-in user's chats, most recent first (the server's default number of them). */
export const listChats = async (): Promise<ChatListResult> => (await request<ChatListResult>(instanceApi("telegram/dialogs"))).data;
