// The inputs of the Alerts page that the config's fields do not cover: a text field with a placeholder, the chat ids of
// a Telegram channel, and the events a channel gets. They sit in the same form context as the config's fields.
import { useEffect, useState } from "preact/hooks";
import type { AlertEventKind } from "../api/alerts.ts";
import { describedBy, FieldFrame } from "../fields/FieldFrame.tsx";
import { useForm } from "../fields/form-context.ts";
import { fieldId } from "../lib/field-id.ts";
import { deepEqual } from "../lib/merge-patch.ts";
import { parseChatIds } from "./alerts-draft.ts";
import { ALERT_EVENT_KINDS, eventMeaning, eventName } from "./rules.ts";

interface TextFieldProps {
  pointer: string;
  label: string;
  value: unknown;
  description?: string;
  placeholder?: string;
  inputMode?: "text" | "url";
}

export function TextField({ pointer, label, value, description, placeholder, inputMode }: TextFieldProps) {
  const form = useForm();
  return (
    <FieldFrame pointer={pointer} label={label} description={description}>
      <input
        type="text"
        id={fieldId(pointer)}
        value={typeof value === "string" ? value : ""}
        placeholder={placeholder}
        inputMode={inputMode}
        autoComplete="off"
        spellcheck={false}
        aria-describedby={describedBy(pointer, !!description)}
        aria-invalid={form.errorsAt(pointer).length > 0}
        onInput={(event) => form.edit(pointer, event.currentTarget.value)}
      />
    </FieldFrame>
  );
}

/** Chat ids typed one per line (or with commas); what was typed stays as typed while it means the same list. */
export function ChatIdsField({ pointer, value }: { pointer: string; value: string[] | undefined }) {
  const form = useForm();
  const list = value ?? [];
  const [typed, setTyped] = useState(list.join("\n"));
  useEffect(() => {
    if (!deepEqual(parseChatIds(typed), list)) setTyped(list.join("\n"));
  }, [list.join("\n")]);
  const description = "One per line: a number such as -1001234567890 for a group or channel (the bot must be in it), your own user id, or an @username.";
  return (
    <FieldFrame pointer={pointer} label="Chat ids" description={description}>
      <textarea
        id={fieldId(pointer)}
        rows={3}
        value={typed}
        placeholder={"-1001234567890\n@my_alerts"}
        spellcheck={false}
        autoComplete="off"
        aria-describedby={describedBy(pointer, true)}
        aria-invalid={form.errorsAt(pointer).length > 0}
        onInput={(event) => {
          setTyped(event.currentTarget.value);
          form.edit(pointer, parseChatIds(event.currentTarget.value));
        }}
      />
    </FieldFrame>
  );
}

/** Every event (the default), or a chosen few, each with what it means. */
export function EventsField({ pointer, value }: { pointer: string; value: AlertEventKind[] | undefined }) {
  const form = useForm();
  const id = fieldId(pointer);
  const errors = form.errorsAt(pointer);
  const chosen = new Set(value ?? ALERT_EVENT_KINDS);
  const toggle = (kind: AlertEventKind, on: boolean) => {
    const next = ALERT_EVENT_KINDS.filter((candidate) => (candidate === kind ? on : chosen.has(candidate)));
    form.edit(pointer, next);
  };
  return (
    <fieldset class={`field alert-events${errors.length ? " has-error" : ""}`} id={id} aria-describedby={describedBy(pointer, false)}>
      <legend class="field-label">Events</legend>
      <div class="choices">
        <label class="choice-option">
          <input type="radio" name={`${id}-mode`} checked={value === undefined} onChange={() => form.edit(pointer, undefined)} />
          Every event
        </label>
        <label class="choice-option">
          <input type="radio" name={`${id}-mode`} checked={value !== undefined} onChange={() => form.edit(pointer, [...ALERT_EVENT_KINDS])} />
          Only the events I choose
        </label>
      </div>
      {value === undefined ? (
        <p class="field-help">{ALERT_EVENT_KINDS.map(eventName).join(" · ")}</p>
      ) : (
        <ul class="alert-event-list">
          {ALERT_EVENT_KINDS.map((kind) => {
            const meaningId = `${id}-${kind}-help`;
            return (
              <li key={kind}>
                <label class="alert-event">
                  <input type="checkbox" checked={chosen.has(kind)} aria-describedby={meaningId} onChange={(event) => toggle(kind, event.currentTarget.checked)} />
                  <span class="alert-event-name">{eventName(kind)}</span>
                </label>
                <p class="field-help" id={meaningId}>
                  {eventMeaning(kind)}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <div id={`${id}-errors`} class="field-errors" aria-live="polite">
        {errors.map((message) => (
          <p class="field-error" key={message}>
            {message}
          </p>
        ))}
      </div>
    </fieldset>
  );
}

/** What each event means, once for the whole page. */
export function EventMeanings() {
  return (
    <details class="more alert-meanings">
      <summary>What each event means</summary>
      <dl>
        {ALERT_EVENT_KINDS.map((kind) => (
          <div key={kind}>
            <dt>{eventName(kind)}</dt>
            <dd>{eventMeaning(kind)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
