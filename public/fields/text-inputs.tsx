// Text, whole-number and chat-id inputs. Numbers keep what was typed, so an invalid entry reaches the server and
// comes back as an error at the field instead of vanishing.
import { chatRefProblem } from "../../src/shared/chat-ref";
import { useEffect, useState } from "preact/hooks";
import { fieldId } from "../lib/field-id.ts";
import { ChatPickerRow, chatNameId } from "./ChatPickerRow.tsx";
import { describedBy } from "./FieldFrame.tsx";
import { hintFor } from "./hints.ts";
import { useForm } from "./form-context.ts";

interface InputProps {
  pointer: string;
  value: unknown;
  hasDescription: boolean;
  /** Accessible name when the visible label is elsewhere (list items). */
  ariaLabel?: string;
}

const WHOLE_NUMBER = /^\s*-?\d+\s*$/;

function useTypedText(value: unknown, toValue: (text: string) => unknown) {
  const shown = value === null || value === undefined ? "" : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => {
    if (toValue(text) !== value) setText(shown);
    // Only an outside change of the value (reload, undo) replaces what is typed.
  }, [value]);
  return [text, setText] as const;
}

export function TextInput({ pointer, value, hasDescription, ariaLabel, multiline }: InputProps & { multiline?: boolean }) {
  const form = useForm();
  const common = {
    id: fieldId(pointer),
    value: typeof value === "string" ? value : value === null || value === undefined ? "" : String(value),
    placeholder: hintFor(pointer).placeholder,
    "aria-describedby": describedBy(pointer, hasDescription),
    "aria-invalid": form.errorsAt(pointer).length > 0,
    "aria-label": ariaLabel,
    onInput: (event: Event) => form.edit(pointer, (event.currentTarget as HTMLInputElement).value),
  };
  return multiline ? <textarea {...common} rows={3} /> : <input type="text" {...common} />;
}

/** Whole numbers become numbers; anything else is sent as typed for the server to judge. */
const toInteger = (text: string, emptyValue: unknown) => (text.trim() === "" ? emptyValue : WHOLE_NUMBER.test(text) ? Number(text) : text);
/** Numeric chat ids become numbers (as tgcf does); @names and links stay text. */
const toPeer = (text: string) => (WHOLE_NUMBER.test(text) ? Number(text) : text.trim());

export function IntegerInput({ pointer, value, hasDescription, ariaLabel, emptyValue = "" }: InputProps & { emptyValue?: unknown }) {
  const form = useForm();
  const [text, setText] = useTypedText(value, (typed) => toInteger(typed, emptyValue));
  return (
    <input
      type="text"
      inputMode="numeric"
      id={fieldId(pointer)}
      value={text}
      aria-describedby={describedBy(pointer, hasDescription)}
      aria-invalid={form.errorsAt(pointer).length > 0}
      aria-label={ariaLabel}
      onInput={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        form.edit(pointer, toInteger(typed, emptyValue));
      }}
    />
  );
}

/** A chat or user: an id or @name; where the hint says so, with the chat picker beside it. */
export function PeerInput({ pointer, value, hasDescription, ariaLabel, name }: InputProps & { name: string }) {
  const form = useForm();
  const [text, setText] = useTypedText(value, toPeer);
  const purpose = hintFor(pointer).chat;
  // The same rule the server applies, said as soon as the field is left, not only after Save.
  const [left, setLeft] = useState(false);
  const problem = left ? chatRefProblem(text) : null;
  const problemId = `${fieldId(pointer)}-chat-problem`;
  const described = [describedBy(pointer, hasDescription), problem ? problemId : ""].filter(Boolean).join(" ");
  const field = (
    <input
      type="text"
      id={fieldId(pointer)}
      value={text}
      placeholder={hintFor(pointer).placeholder}
      autoComplete="off"
      aria-describedby={purpose ? `${described} ${chatNameId(pointer)}` : described}
      aria-invalid={form.errorsAt(pointer).length > 0 || problem !== null}
      aria-label={ariaLabel}
      onBlur={() => setLeft(true)}
      onInput={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        form.edit(pointer, toPeer(typed));
      }}
    />
  );
  const input = (
    <>
      {field}
      {problem && (
        <span class="field-error chat-ref-problem" id={problemId}>
          {problem}
        </span>
      )}
    </>
  );
  return purpose ? <ChatPickerRow pointer={pointer} name={name} value={value} purpose={purpose} input={input} /> : input;
}
