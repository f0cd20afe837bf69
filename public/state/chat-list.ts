// The signed-in user's chats, fetched once when a picker first needs them (each fetch starts a Telegram connection).
import { ApiFailure } from "../api/http.ts";
import { listChats, type Chat } from "../api/telegram.ts";
import { telegramProblem, type TelegramProblem } from "../lib/telegram-problem.ts";
import { Store } from "./store.ts";

export interface ChatListState {
  phase: "idle" | "loading" | "ready" | "failed";
  chats: Chat[];
  /** The account has more chats than were listed. */
  truncated: boolean;
  problem: TelegramProblem | null;
}

const EMPTY: ChatListState = { phase: "idle", chats: [], truncated: false, problem: null };

export const chatListState = new Store<ChatListState>(EMPTY);

let loading: Promise<void> | null = null;
/** Bumped by forgetChatList, so an answer to an older fetch is dropped. */
let generation = 0;

/** Fetches the chat list unless it is there already (or `again`); one fetch at a time. */
export function loadChatList(again = false): Promise<void> {
  if (loading) return loading;
  if (chatListState.value.phase === "ready" && !again) return Promise.resolve();
  chatListState.set({ ...chatListState.value, phase: "loading", problem: null });
  const current = fetchInto(generation).finally(() => {
    if (loading === current) loading = null;
  });
  loading = current;
  return current;
}

async function fetchInto(fetched: number): Promise<void> {
  try {
    const { dialogs, truncated } = await listChats();
    if (fetched === generation) chatListState.set({ phase: "ready", chats: dialogs, truncated, problem: null });
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    if (fetched === generation) chatListState.set({ ...EMPTY, phase: "failed", problem: telegramProblem(error) });
  }
}

/** Drops the list: another account signed in, or this browser signed out. */
export function forgetChatList(): void {
  generation++;
  loading = null;
  chatListState.set(EMPTY);
}
