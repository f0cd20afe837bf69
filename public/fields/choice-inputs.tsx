// Switches, one-of choices (radio buttons or a select) and many-of choices (checkboxes).
import { fieldId } from "../lib/field-id.ts";
import { choiceLabels, type SchemaNode } from "../lib/schema-node.ts";
import { describedBy, FieldErrors, FieldFrame } from "./FieldFrame.tsx";
import { useForm } from "./form-context.ts";

/** Up to this many choices show as radio buttons; more as a select. */
const MAX_RADIO_CHOICES = 3;

export function Toggle({ pointer, value, label, description }: { pointer: string; value: unknown; label: string; description?: string }) {
  const form = useForm();
  return (
    <FieldFrame pointer={pointer} label={label} description={description} inline>
      <input
        type="checkbox"
        role="switch"
        class="switch"
        id={fieldId(pointer)}
        checked={value === true}
        aria-describedby={describedBy(pointer, !!description)}
        onChange={(event) => form.edit(pointer, event.currentTarget.checked)}
      />
    </FieldFrame>
  );
}

interface ChoiceProps {
  pointer: string;
  schema: SchemaNode;
  values: unknown[];
  value: unknown;
  label: string;
}

/**
 * A value on disk that is none of the choices (mode 5: tgcf accepts it and treats it as neither): offered as an extra
 * choice, shown as it is, so it is kept until the person picks another (and can be picked again to put it back).
 */
function oddValueOf(values: readonly unknown[], value: unknown, saved: unknown): unknown {
  return [value, saved].find((candidate) => candidate !== undefined && candidate !== null && !values.includes(candidate));
}

export function ChoiceField({ pointer, schema, values, value, label }: ChoiceProps) {
  const form = useForm();
  const odd = oddValueOf(values, value, form.savedAt(pointer));
  const choices = odd === undefined ? values : [...values, odd];
  const labels = [...choiceLabels(schema, values), ...(odd === undefined ? [] : [`${JSON.stringify(odd)} (as in the file)`])];
  const id = fieldId(pointer);
  const errors = form.errorsAt(pointer);
  const noteId = `${id}-odd`;
  const note = odd !== undefined && (
    <p class="field-help odd-value-note" id={noteId}>
      The file holds {JSON.stringify(odd)}, which is none of the choices here: tgcf keeps it as it is. Choose another to change it.
    </p>
  );
  if (choices.length > MAX_RADIO_CHOICES) {
    return (
      <FieldFrame pointer={pointer} label={label} description={schema.description}>
        <select
          id={id}
          aria-describedby={[describedBy(pointer, !!schema.description), note ? noteId : ""].filter(Boolean).join(" ")}
          onChange={(event) => form.edit(pointer, choices[Number(event.currentTarget.value)])}
        >
          {choices.map((choice, index) => (
            <option key={String(choice)} value={index} selected={choice === value}>
              {labels[index]}
            </option>
          ))}
        </select>
        {note}
      </FieldFrame>
    );
  }
  return (
    <fieldset class={`field choice${errors.length ? " has-error" : ""}`} id={id} aria-describedby={[describedBy(pointer, false), note ? noteId : ""].filter(Boolean).join(" ")}>
      <legend class="field-label">{label}</legend>
      <div class="choices">
        {choices.map((choice, index) => (
          <label class="choice-option" key={String(choice)}>
            <input type="radio" name={id} checked={choice === value} onChange={() => form.edit(pointer, choice)} />
            {labels[index]}
          </label>
        ))}
      </div>
      {note}
      <FieldErrors pointer={pointer} />
    </fieldset>
  );
}

export function ChoiceListField({ pointer, schema, values, value, label }: ChoiceProps) {
  const form = useForm();
  const chosen = Array.isArray(value) ? value : [];
  const labels = choiceLabels(schema.items ?? {}, values);
  const errors = form.errorsAt(pointer);
  const toggle = (choice: unknown, on: boolean) =>
    form.edit(pointer, on ? values.filter((v) => v === choice || chosen.includes(v)) : chosen.filter((v) => v !== choice));
  return (
    <fieldset class={`field choice${errors.length ? " has-error" : ""}`} id={fieldId(pointer)}>
      <legend class="field-label">{label}</legend>
      {schema.description && <p class="field-help">{schema.description}</p>}
      <div class="choices wrap">
        {values.map((choice, index) => (
          <label class="choice-option" key={String(choice)}>
            <input type="checkbox" checked={chosen.includes(choice)} onChange={(event) => toggle(choice, event.currentTarget.checked)} />
            {labels[index]}
          </label>
        ))}
      </div>
      <FieldErrors pointer={pointer} />
    </fieldset>
  );
}
