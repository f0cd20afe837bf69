// A chat id input with the "Pick a chat" button beside it and, once the chat list is known, the chat's name below.
// A bot account cannot list its chats, so there the button gives way to a line on how to find a chat's id.
import type { JSX } from "preact";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import { chatFor, chatSummary, type ChatPurpose } from "../lib/chat-filter.ts";
import { fieldId } from "../lib/field-id.ts";
import { isUserAccount } from "../lib/telegram-text.ts";
import { chatListState } from "../state/chat-list.ts";
import { configState } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { PickChatButton } from "../telegram/PickChatButton.tsx";
import { useForm } from "./form-context.ts";

/** The id of the line naming the chat of the field at `pointer` (for aria-describedby). */
export const chatNameId = (pointer: string) => `${fieldId(pointer)}-chat`;

/** A bot that tells anyone who writes to it their own id and that of a forwarded message's chat. */
const ID_BOT = { name: "@userinfobot", href: "https://t.me/userinfobot" };
/** A list item's pointer ends in its index: the list shows the hint once for all its items. */
const LIST_ITEM = /\/\d+$/;

/** Whether the chat picker can work: only a user account has a chat list to pick from (bots cannot list chats). */
export function useCanPickChats(): boolean {
  return isUserAccount(useStore(configState).draft);
}

/** One line on finding a chat's or a person's id without the picker (for bot accounts). */
export function ChatIdHint({ purpose, id }: { purpose: ChatPurpose; id?: string }) {
  const link = (
    <a href={ID_BOT.href} target="_blank" rel="noopener noreferrer">
      {ID_BOT.name}
    </a>
  );
  return (
    <p class="field-help chat-id-hint" id={id}>
      {purpose === "person" ? (
        <>A bot cannot list chats: type the person's user id or @username (they can get their id from {link}).</>
      ) : (
        <>A bot cannot list chats: type the chat's @username, or its id (forward a message from the chat to {link} to see it).</>
      )}
    </p>
  );
}

interface RowProps {
  pointer: string;
  /** The field's name, e.g. "Source" or "Destination 2". */
  name: string;
  value: unknown;
  purpose: ChatPurpose;
  input: JSX.Element;
}

export function ChatPickerRow({ pointer, name, value, purpose, input }: RowProps) {
  const form = useForm();
  const { chats } = useStore(chatListState);
  const canPick = useCanPickChats();
  const chat = chatFor(chats, value);
  if (!canPick) {
    return (
      <>
        {input}
        {LIST_ITEM.test(pointer) ? <p class="chat-name" id={chatNameId(pointer)} /> : <ChatIdHint purpose={purpose} id={chatNameId(pointer)} />}
      </>
    );
  }
  return (
    <>
      <div class="peer-row">
        {input}
        <PickChatButton
          purpose={purpose}
          dialogTitle={`Pick a chat for ${name}`}
          current={value}
          onPick={(picked) => {
            form.edit(pointer, picked.id);
            document.getElementById(fieldId(pointer))?.focus();
          }}
        >
          Pick a chat<span class="visually-hidden"> for {name}</span>
        </PickChatButton>
      </div>
      <p class="chat-name" id={chatNameId(pointer)}>
        {chat && neutraliseText(chatSummary(chat))}
      </p>
    </>
  );
}
