// One connection: its name and switch, source and destinations, and the past-mode range.
import { Field } from "../fields/Field.tsx";
import { ObjectFields } from "../fields/ObjectFields.tsx";
import { childPointer } from "../lib/json-pointer.ts";
import type { SchemaNode } from "../lib/schema-node.ts";

/** Fields placed by hand on the card; any other field of a connection follows them. */
const PLACED = ["con_name", "use_this", "source", "dest", "offset", "end"];

export interface CardActions {
  moveUp?: () => void;
  moveDown?: () => void;
  duplicate: () => void;
  remove: () => void;
}

interface CardProps {
  index: number;
  schema: SchemaNode;
  value: Record<string, unknown>;
  actions: CardActions;
}

/** What a person calls connection `index`. */
export function connectionName(value: Record<string, unknown>, index: number): string {
  return typeof value.con_name === "string" && value.con_name.trim() !== "" ? value.con_name : `Connection ${index + 1}`;
}

export function ConnectionCard({ index, schema, value, actions }: CardProps) {
  const pointer = `/forwards/${index}`;
  const property = (name: string) => schema.properties?.[name];
  const field = (name: string) => {
    const node = property(name);
    return node ? <Field pointer={childPointer(pointer, name)} schema={node} value={value[name]} /> : null;
  };
  const name = connectionName(value, index);
  const headingId = `connection-${index}-title`;
  return (
    <article class={`card connection${value.use_this === false ? " is-off" : ""}`} aria-labelledby={headingId}>
      <header class="card-header">
        <h2 id={headingId}>{name}</h2>
        {field("use_this")}
      </header>
      <div class="connection-main">
        {field("con_name")}
        {field("source")}
        {field("dest")}
      </div>
      <fieldset class="group past-range">
        <legend>Past mode range</legend>
        <div class="two-columns">
          {field("offset")}
          {field("end")}
        </div>
      </fieldset>
      <ObjectFields pointer={pointer} schema={schema} value={value} exclude={PLACED} />
      <div class="card-actions">
        <button type="button" class="button small" id={`connection-${index}-up`} disabled={!actions.moveUp} onClick={actions.moveUp}>
          Move up <span class="visually-hidden">{name}</span>
        </button>
        <button type="button" class="button small" id={`connection-${index}-down`} disabled={!actions.moveDown} onClick={actions.moveDown}>
          Move down <span class="visually-hidden">{name}</span>
        </button>
        <button type="button" class="button small" onClick={actions.duplicate}>
          Duplicate <span class="visually-hidden">{name}</span>
        </button>
        <button type="button" class="button small danger" onClick={actions.remove}>
          Remove <span class="visually-hidden">{name}</span>
        </button>
      </div>
    </article>
  );
}
