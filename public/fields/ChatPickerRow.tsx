// A chat id input with the "Pick a chat" button beside it and, once the chat list is known, the chat's name below.
import type { JSX } from "preact";
import { chatFor, chatSummary, type ChatPurpose } from "../lib/chat-filter.ts";
import { fieldId } from "../lib/field-id.ts";
import { chatListState } from "../state/chat-list.ts";
import { useStore } from "../state/store.ts";
import { PickChatButton } from "../telegram/PickChatButton.tsx";
import { useForm } from "./form-context.ts";

/** The id of the line naming the chat of the field at `pointer` (for aria-describedby). */
export const chatNameId = (pointer: string) => `${fieldId(pointer)}-chat`;

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
  const chat = chatFor(chats, value);
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
        {chat && chatSummary(chat)}
      </p>
    </>
  );
}
