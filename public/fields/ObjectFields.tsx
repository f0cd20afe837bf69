// The fields of an object, in schema order, skipping hidden ones and those whose condition is not met.
import { childPointer } from "../lib/json-pointer.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { FieldErrors } from "./FieldFrame.tsx";
import { hintFor } from "./hints.ts";
import { Field } from "./Field.tsx";

interface ObjectProps {
  pointer: string;
  schema: SchemaNode;
  value: unknown;
  /** Shown as a fieldset legend; without it the fields are rendered bare. */
  legend?: string;
  /** Properties rendered elsewhere on the page. */
  exclude?: readonly string[];
  /** Only these properties (in this order); the default is all of them in schema order. */
  only?: readonly string[];
}

/** The property names of `schema` that a form shows for `value`. */
export function visibleProperties(schema: SchemaNode, pointer: string, value: unknown, exclude: readonly string[] = [], only?: readonly string[]): string[] {
  const record = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const names = only ?? Object.keys(schema.properties ?? {});
  return names.filter((name) => {
    if (exclude.includes(name) || !schema.properties?.[name]) return false;
    const hint = hintFor(childPointer(pointer, name));
    return !hint.hidden && (!hint.when || hint.when(record));
  });
}

export function ObjectFields({ pointer, schema, value, legend, exclude, only }: ObjectProps) {
  const record = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const fields = visibleProperties(schema, pointer, value, exclude, only).map((name) => (
    <Field key={name} pointer={childPointer(pointer, name)} schema={schema.properties![name]!} value={record[name]} />
  ));
  if (legend === undefined) return <>{fields}</>;
  return (
    <fieldset class="group">
      <legend>{legend}</legend>
      {schema.description && <p class="group-help">{schema.description}</p>}
      {fields}
      <FieldErrors pointer={pointer} />
    </fieldset>
  );
}
