// A field that may hold null, where null means something of its own ("Off", "No end"): a switch that stores an
// explicit null, and the value's input otherwise. An emptied input is not null: it is "" (which may mean something
// else to tgcf, as the help says) or, for a number, an error to fix.
import { useRef } from "preact/hooks";
import { fieldId } from "../lib/field-id.ts";
import { fieldKind, newValueFor, type SchemaNode } from "../lib/schema-node.ts";
import { describedBy, FieldFrame } from "./FieldFrame.tsx";
import { useForm } from "./form-context.ts";
import { hintFor } from "./hints.ts";
import { IntegerInput, TextInput } from "./text-inputs.tsx";

/** What null is called where no hint names it. */
const DEFAULT_NULL_LABEL = "None";

interface NullableProps {
  pointer: string;
  schema: SchemaNode;
  inner: SchemaNode;
  value: unknown;
  label: string;
  description?: string;
}

export function NullableField({ pointer, schema, inner, value, label, description }: NullableProps) {
  const form = useForm();
  const choice = hintFor(pointer).nullChoice;
  const nullLabel = choice?.label ?? DEFAULT_NULL_LABEL;
  const isNull = value === null;
  // The value to bring back when null is switched off again: the last one shown, else the saved one, else the default.
  const lastValue = useRef<unknown>(undefined);
  if (!isNull && value !== undefined) lastValue.current = value;
  const restore = () => {
    const saved = form.savedAt(pointer);
    if (lastValue.current !== undefined) return lastValue.current;
    if (saved !== null && saved !== undefined) return saved;
    return schema.default !== null && schema.default !== undefined ? schema.default : newValueFor(inner);
  };
  const id = fieldId(pointer);
  const helpId = `${id}-null-help`;
  const numeric = ["integer", "number"].includes(fieldKind(inner).kind);
  const hasDescription = !!description;
  return (
    // The description is drawn here (not by the frame) so that what the value does comes before what null and "" do.
    <FieldFrame pointer={pointer} label={label} group>
      <div class="nullable">
        <label class="null-choice">
          <input
            type="checkbox"
            id={isNull ? id : `${id}-null`}
            checked={isNull}
            aria-describedby={choice ? `${helpId} ${describedBy(pointer, hasDescription)}` : describedBy(pointer, hasDescription)}
            onChange={(event) => form.edit(pointer, event.currentTarget.checked ? null : restore())}
          />
          {nullLabel}
        </label>
        {!isNull &&
          (numeric ? (
            <IntegerInput pointer={pointer} value={value} hasDescription={hasDescription} ariaLabel={label} />
          ) : (
            <TextInput pointer={pointer} value={value} hasDescription={hasDescription} ariaLabel={label} multiline={hintFor(pointer).multiline} />
          ))}
      </div>
      {description && (
        <p id={`${id}-help`} class="field-help">
          {description}
        </p>
      )}
      {choice && (
        <p id={helpId} class="field-help">
          {choice.help}
        </p>
      )}
    </FieldFrame>
  );
}
