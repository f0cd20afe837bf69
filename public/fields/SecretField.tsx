// A secret is never shown: only whether it is set, with a way to replace or remove it.
// Keeping the placeholder in the draft keeps the stored value.
import { useEffect, useRef, useState } from "preact/hooks";
import { fieldId } from "../lib/field-id.ts";
import { SECRET_PLACEHOLDER } from "../lib/secrets.ts";
import { describedBy, FieldFrame } from "./FieldFrame.tsx";
import { useForm } from "./form-context.ts";

interface SecretProps {
  pointer: string;
  value: unknown;
  label: string;
  description?: string;
}

function statusText(saved: unknown, value: unknown): string {
  const isSet = saved === SECRET_PLACEHOLDER;
  if (value === saved) return isSet ? "set" : "not set";
  if (value === "") return "will be removed when you save";
  return isSet ? "will be replaced when you save" : "will be set when you save";
}

export function SecretField({ pointer, value, label, description }: SecretProps) {
  const form = useForm();
  const saved = form.savedAt(pointer);
  const [editing, setEditing] = useState(value !== saved && value !== "");
  const input = useRef<HTMLInputElement>(null);
  const isSet = saved === SECRET_PLACEHOLDER;
  const changed = value !== saved;

  // After a save or a discard the value is the stored one again: close the input unless the user is typing in it.
  useEffect(() => {
    if (!changed && document.activeElement !== input.current) setEditing(false);
  }, [changed]);

  const startEditing = () => {
    setEditing(true);
    requestAnimationFrame(() => input.current?.focus());
  };
  const undo = () => {
    form.edit(pointer, saved);
    setEditing(false);
  };
  return (
    <FieldFrame pointer={pointer} label={label} description={description} group>
      <div class="secret" id={fieldId(pointer)}>
        <span class={`secret-state ${isSet && !changed ? "is-set" : changed ? "is-changed" : "is-unset"}`} id={`${fieldId(pointer)}-state`}>
          {statusText(saved, value)}
        </span>
        {editing && (
          <input
            ref={input}
            type="password"
            aria-label={`${label}: new value`}
            autoComplete="off"
            spellcheck={false}
            value={typeof value === "string" && value !== SECRET_PLACEHOLDER ? value : ""}
            placeholder={isSet ? "New value" : "Value"}
            aria-describedby={`${fieldId(pointer)}-state ${describedBy(pointer, !!description)}`}
            onInput={(event) => form.edit(pointer, event.currentTarget.value === "" ? saved : event.currentTarget.value)}
          />
        )}
        <div class="secret-actions">
          {!editing && (
            <button type="button" class="button small" onClick={startEditing}>
              {isSet ? "Replace" : "Set"} <span class="visually-hidden">{label}</span>
            </button>
          )}
          {isSet && value !== "" && (
            <button type="button" class="button small" onClick={() => form.edit(pointer, "")}>
              Remove <span class="visually-hidden">{label}</span>
            </button>
          )}
          {(editing || changed) && (
            <button type="button" class="button small" onClick={undo}>
              Cancel <span class="visually-hidden">change of {label}</span>
            </button>
          )}
        </div>
      </div>
    </FieldFrame>
  );
}
