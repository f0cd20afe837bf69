// A list of values (destinations, admins, words): add, remove, move up and down.
import { useEffect, useRef } from "preact/hooks";
import { childPointer } from "../lib/json-pointer.ts";
import { fieldId } from "../lib/field-id.ts";
import { newValueFor, type SchemaNode } from "../lib/schema-node.ts";
import { PickChatButton } from "../telegram/PickChatButton.tsx";
import { ChatIdHint, useCanPickChats } from "./ChatPickerRow.tsx";
import { FieldErrors } from "./FieldFrame.tsx";
import { useForm } from "./form-context.ts";
import { hintFor } from "./hints.ts";
import { Field } from "./Field.tsx";

interface ListProps {
  pointer: string;
  schema: SchemaNode;
  items: SchemaNode;
  value: unknown;
  label: string;
}

/** Swaps the items at `from` and `to` of a copy of `list`. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}

export function ListField({ pointer, schema, items, value, label }: ListProps) {
  const form = useForm();
  const list = Array.isArray(value) ? value : [];
  const itemTitle = items.title ?? "Entry";
  const focusIndex = useRef<number | null>(null);
  const chatPurpose = hintFor(childPointer(pointer, 0)).chat;
  // Bots cannot list chats: the picker is offered only to user accounts, the others get a line on finding ids.
  const canPickChats = useCanPickChats();

  useEffect(() => {
    if (focusIndex.current === null) return;
    document.getElementById(fieldId(childPointer(pointer, focusIndex.current)))?.focus();
    focusIndex.current = null;
  });

  const add = () => {
    focusIndex.current = list.length;
    form.edit(pointer, [...list, newValueFor(items)]);
  };
  return (
    <fieldset class="field list" id={fieldId(pointer)}>
      <legend class="field-label">{label}</legend>
      {schema.description && <p class="field-help">{schema.description}</p>}
      {list.length === 0 && <p class="empty">None yet.</p>}
      <ol class="list-items">
        {list.map((item, index) => {
          const name = `${itemTitle} ${index + 1}`;
          return (
            <li class="list-item" key={index}>
              <Field pointer={childPointer(pointer, index)} schema={items} value={item} label={name} compact />
              <div class="item-actions">
                <button type="button" class="icon-button" disabled={index === 0} onClick={() => form.edit(pointer, moved(list, index, index - 1))}>
                  <span aria-hidden="true">↑</span>
                  <span class="visually-hidden">Move {name} up</span>
                </button>
                <button
                  type="button"
                  class="icon-button"
                  disabled={index === list.length - 1}
                  onClick={() => form.edit(pointer, moved(list, index, index + 1))}
                >
                  <span aria-hidden="true">↓</span>
                  <span class="visually-hidden">Move {name} down</span>
                </button>
                <button type="button" class="icon-button" onClick={() => form.edit(pointer, list.filter((_, i) => i !== index))}>
                  <span aria-hidden="true">✕</span>
                  <span class="visually-hidden">Remove {name}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div class="actions">
        <button type="button" class="button small" onClick={add}>
          Add {itemTitle.toLowerCase()}
        </button>
        {chatPurpose && canPickChats && (
          <PickChatButton
            purpose={chatPurpose}
            dialogTitle={`Add to ${label} from your chats`}
            onPick={(chat) => {
              focusIndex.current = list.length;
              form.edit(pointer, [...list, chat.id]);
            }}
          >
            Add from your chats
          </PickChatButton>
        )}
      </div>
      {chatPurpose && !canPickChats && <ChatIdHint purpose={chatPurpose} />}
      <FieldErrors pointer={pointer} />
    </fieldset>
  );
}
