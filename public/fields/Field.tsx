// Picks the input for a config field from its JSON Schema: a new tgcf field shows up without new form code.
import { isSecretPointer } from "../lib/secrets.ts";
import { fieldKind, type SchemaNode } from "../lib/schema-node.ts";
import { ChoiceField, ChoiceListField, Toggle } from "./choice-inputs.tsx";
import { FieldErrors, FieldFrame } from "./FieldFrame.tsx";
import { hintFor } from "./hints.ts";
import { JsonField } from "./JsonField.tsx";
import { ListField } from "./ListField.tsx";
import { NullableField } from "./NullableField.tsx";
import { ObjectFields } from "./ObjectFields.tsx";
import { SecretField } from "./SecretField.tsx";
import { StringMapField } from "./StringMapField.tsx";
import { IntegerInput, PeerInput, TextInput } from "./text-inputs.tsx";

export interface FieldProps {
  pointer: string;
  schema: SchemaNode;
  value: unknown;
  /** Defaults to the schema's title. */
  label?: string;
  /** A list item: no visible label (the list names it), errors still shown. */
  compact?: boolean;
}

export function Field({ pointer, schema, value, label, compact }: FieldProps) {
  const name = label ?? schema.title ?? pointer.split("/").pop() ?? "";
  const description = compact ? undefined : (hintFor(pointer).description ?? schema.description);
  if (isSecretPointer(pointer)) return <SecretField pointer={pointer} value={value} label={name} description={description} />;
  const kind = fieldKind(schema);
  switch (kind.kind) {
    case "boolean":
      return <Toggle pointer={pointer} value={value} label={name} description={description} />;
    case "choice":
      return <ChoiceField pointer={pointer} schema={schema} values={kind.values} value={value} label={name} />;
    case "choice-list":
      return <ChoiceListField pointer={pointer} schema={schema} values={kind.values} value={value} label={name} />;
    case "list":
      return <ListField pointer={pointer} schema={schema} items={kind.items} value={value} label={name} />;
    case "string-map":
      return <StringMapField pointer={pointer} schema={schema} value={value} label={name} />;
    case "object":
      return <ObjectFields pointer={pointer} schema={schema} value={value} legend={name} />;
    case "unknown":
      return <JsonField pointer={pointer} value={value} label={name} description={description} />;
    case "nullable":
      if (!compact && ["integer", "number", "string"].includes(fieldKind(kind.inner).kind)) {
        return <NullableField pointer={pointer} schema={schema} inner={kind.inner} value={value} label={name} description={description} />;
      }
  }
  const inner = kind.kind === "nullable" ? fieldKind(kind.inner).kind : kind.kind;
  const hasDescription = !!description;
  const ariaLabel = compact ? name : undefined;
  let input;
  if (inner === "integer" || inner === "number") {
    input = <IntegerInput pointer={pointer} value={value} hasDescription={hasDescription} ariaLabel={ariaLabel} emptyValue={kind.kind === "nullable" ? null : ""} />;
  } else if (inner === "peer") input = <PeerInput pointer={pointer} value={value} hasDescription={hasDescription} ariaLabel={ariaLabel} name={name} />;
  else input = <TextInput pointer={pointer} value={value} hasDescription={hasDescription} ariaLabel={ariaLabel} multiline={hintFor(pointer).multiline} />;
  if (compact) {
    return (
      <div class="field compact">
        {input}
        <FieldErrors pointer={pointer} />
      </div>
    );
  }
  return (
    <FieldFrame pointer={pointer} label={name} description={description}>
      {input}
    </FieldFrame>
  );
}
