// The picker's list: a filter box, then the chats as buttons (arrow keys move between them, Enter picks a lone match).
import { useEffect, useRef, useState } from "preact/hooks";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import type { Chat } from "../api/telegram.ts";
import { chatCountText, chatDetails, chatFor, filterChats, type ChatPurpose } from "../lib/chat-filter.ts";

interface ChoicesProps {
  chats: Chat[];
  truncated: boolean;
  purpose: ChatPurpose;
  current: unknown;
  onPick: (chat: Chat) => void;
}

/** Moves focus among the list's buttons (and back up to the filter) with the arrow keys, Home and End. */
function moveFocus(event: KeyboardEvent, list: HTMLElement | null, filter: HTMLInputElement | null): void {
  const buttons = [...(list?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const target = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
  if (target === undefined) return;
  event.preventDefault();
  if (target < 0) filter?.focus();
  else buttons[Math.min(target, buttons.length - 1)]?.focus();
}

export function ChatChoices({ chats, truncated, purpose, current, onPick }: ChoicesProps) {
  const [query, setQuery] = useState("");
  const filter = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const fitting = filterChats(chats, "", purpose);
  const shown = filterChats(chats, query, purpose);
  const currentChat = chatFor(chats, current);

  // The list may arrive after the dialog opened: the filter takes the focus then.
  useEffect(() => {
    if (filter.current?.closest("dialog")?.open) filter.current.focus();
  }, []);

  return (
    <div class="chat-choices">
      <div class="field">
        <label for="picker-filter" class="field-label">
          Filter
        </label>
        <input
          ref={filter}
          id="picker-filter"
          // Not type="search": there Escape only clears the text, and here it should close the picker.
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={query}
          aria-controls="picker-results"
          aria-describedby="picker-filter-help picker-count"
          onInput={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown") moveFocus(event, list.current, filter.current);
            if (event.key !== "Enter" || shown.length !== 1) return;
            // Else the key's press would reach the button that gets the focus back once the dialog closes, and reopen it.
            event.preventDefault();
            onPick(shown[0]!);
          }}
        />
        <p id="picker-filter-help" class="field-help">
          Part of a name, an @username or an id.{purpose === "person" && " Only people are listed: admins are people who send tgcf commands."}
        </p>
      </div>
      <p id="picker-count" class="picker-count" role="status">
        {chatCountText(shown.length, fitting.length, purpose)}
      </p>
      {shown.length === 0 && <p class="empty">{query.trim() ? `Nothing matches “${query.trim()}”.` : "There is nothing to pick from."}</p>}
      <ul id="picker-results" class="chat-options" ref={list} onKeyDown={(event) => moveFocus(event, list.current, filter.current)}>
        {shown.map((chat) => (
          <li key={chat.id}>
            <button type="button" class="chat-option" aria-current={chat === currentChat ? "true" : undefined} onClick={() => onPick(chat)}>
              <span class="chat-title">{neutraliseText(chat.title)}</span>
              <span class="chat-details">
                {neutraliseText(chatDetails(chat))}
                {chat === currentChat && " · in the field now"}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {truncated && (
        <p class="card-help">Only your {chats.length} most recent chats are listed. For an older one, type its id or @username in the field.</p>
      )}
    </div>
  );
}
