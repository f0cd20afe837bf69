// A button beside a chat field (or under a list of them) that opens the chat picker.
import type { ComponentChildren } from "preact";
import type { Chat } from "../api/telegram.ts";
import type { ChatPurpose } from "../lib/chat-filter.ts";
import { pickChat } from "./ChatPicker.tsx";

interface PickButtonProps {
  purpose: ChatPurpose;
  /** The picker's heading. */
  dialogTitle: string;
  current?: unknown;
  onPick: (chat: Chat) => void;
  /** The button's text (its accessible name). */
  children: ComponentChildren;
}

export function PickChatButton({ purpose, dialogTitle, current, onPick, children }: PickButtonProps) {
  const open = async (opener: HTMLButtonElement) => {
    const chat = await pickChat({ purpose, title: dialogTitle, current });
    if (chat) onPick(chat);
    else opener.focus();
  };
  return (
    <button type="button" class="button small pick-chat" onClick={(event) => void open(event.currentTarget)}>
      {children}
    </button>
  );
}
