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

export function ChoiceField({ pointer, schema, values, value, label }: ChoiceProps) {
  const form = useForm();
  const labels = choiceLabels(schema, values);
  const id = fieldId(pointer);
  const errors = form.errorsAt(pointer);
  if (values.length > MAX_RADIO_CHOICES) {
    return (
      <FieldFrame pointer={pointer} label={label} description={schema.description}>
        <select
          id={id}
          aria-describedby={describedBy(pointer, !!schema.description)}
          onChange={(event) => form.edit(pointer, values[Number(event.currentTarget.value)])}
        >
          {values.map((choice, index) => (
            <option key={String(choice)} value={index} selected={choice === value}>
              {labels[index]}
            </option>
          ))}
        </select>
      </FieldFrame>
    );
  }
  return (
    <fieldset class={`field choice${errors.length ? " has-error" : ""}`} id={id} aria-describedby={describedBy(pointer, false)}>
      <legend class="field-label">{label}</legend>
      <div class="choices">
        {values.map((choice, index) => (
          <label class="choice-option" key={String(choice)}>
            <input type="radio" name={id} checked={choice === value} onChange={() => form.edit(pointer, choice)} />
            {labels[index]}
          </label>
        ))}
      </div>
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
