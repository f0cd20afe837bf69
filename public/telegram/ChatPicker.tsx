// The chat picker: a modal dialog (native <dialog>, Tab kept inside, Escape closes) listing the signed-in user's chats.
import { useEffect, useRef } from "preact/hooks";
import type { Chat } from "../api/telegram.ts";
import { keepFocusInside } from "../components/focus-trap.ts";
import type { ChatPurpose } from "../lib/chat-filter.ts";
import { chatListState, loadChatList } from "../state/chat-list.ts";
import { navigate } from "../state/router.ts";
import { sessionState } from "../state/session.ts";
import { Store, useStore } from "../state/store.ts";
import { ChatChoices } from "./ChatChoices.tsx";
import { ProblemNotice } from "./ProblemNotice.tsx";

export interface PickRequest {
  purpose: ChatPurpose;
  /** The dialog's heading, e.g. "Pick a chat for Source". */
  title: string;
  /** The field's value, marked in the list. */
  current: unknown;
}

interface OpenPick extends PickRequest {
  resolve: (chat: Chat | null) => void;
}

const openPick = new Store<OpenPick | null>(null);

/** Opens the picker; resolves with the chat picked, or null when it was closed without one. */
export function pickChat(request: PickRequest): Promise<Chat | null> {
  openPick.value?.resolve(null);
  return new Promise((resolve) => openPick.set({ ...request, resolve }));
}

/** Renders the open picker, if any; mount once. */
export function ChatPickerHost() {
  const current = useStore(openPick);
  const list = useStore(chatListState);
  const dialog = useRef<HTMLDialogElement>(null);
  const signedIn = useStore(sessionState).phase === "signed-in";
  const finish = (chat: Chat | null) => {
    if (!current) return;
    openPick.set(null);
    dialog.current?.close();
    current.resolve(chat);
  };

  useEffect(() => {
    if (!current || !dialog.current || dialog.current.open) return;
    dialog.current.showModal();
    // A list fetched before is shown at once: its filter, not the close button, takes the focus.
    dialog.current.querySelector<HTMLElement>("#picker-filter")?.focus();
    void loadChatList();
  }, [current]);

  // The session ended (the sign-in form shows): nothing to pick from any more.
  useEffect(() => {
    if (!signedIn) finish(null);
  }, [signedIn]);

  if (!current) return null;
  const openAccountPage = () => {
    finish(null);
    void navigate("account");
  };
  const { problem } = list;
  return (
    <dialog
      ref={dialog}
      class="picker"
      aria-labelledby="picker-title"
      onCancel={() => finish(null)}
      onKeyDown={(event) => keepFocusInside(event, dialog.current)}
    >
      <div class="picker-header">
        <h2 id="picker-title">{current.title}</h2>
        <button type="button" class="icon-button" onClick={() => finish(null)}>
          <span aria-hidden="true">✕</span>
          <span class="visually-hidden">Close</span>
        </button>
      </div>
      {(list.phase === "idle" || list.phase === "loading") && (
        <p class="loading" role="status">
          Loading your chats from Telegram…
        </p>
      )}
      {list.phase === "failed" && problem && (
        <ProblemNotice problem={problem} fieldsOnPage={null}>
          {problem.configErrors.length > 0 ? (
            <button type="button" class="button" onClick={openAccountPage}>
              Open the Telegram account page
            </button>
          ) : (
            <button type="button" class="button" onClick={() => void loadChatList(true)}>
              Try again
            </button>
          )}
        </ProblemNotice>
      )}
      {list.phase === "ready" && <ChatChoices chats={list.chats} truncated={list.truncated} purpose={current.purpose} current={current.current} onPick={finish} />}
      <div class="actions picker-footer">
        {list.phase === "ready" && (
          <button type="button" class="button" onClick={() => void loadChatList(true)}>
            Reload the list
          </button>
        )}
        <button type="button" class="button" onClick={() => finish(null)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
