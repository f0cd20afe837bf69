// Pairs of text (replace: what to find → what to put instead), in order.
import { useEffect, useState } from "preact/hooks";
import { fieldId } from "../lib/field-id.ts";
import { deepEqual } from "../lib/merge-patch.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { FieldErrors } from "./FieldFrame.tsx";
import { useForm } from "./form-context.ts";

type Row = [string, string];

const rowsOf = (value: unknown): Row[] =>
  value && typeof value === "object" ? Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]) : [];
/** Rows as an object; an empty key is left out, a repeated key keeps its last value. */
const objectOf = (rows: readonly Row[]) => Object.fromEntries(rows.filter(([key]) => key !== ""));

export function StringMapField({ pointer, schema, value, label }: { pointer: string; schema: SchemaNode; value: unknown; label: string }) {
  const form = useForm();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(value));

  useEffect(() => {
    if (!deepEqual(objectOf(rows), value ?? {})) setRows(rowsOf(value));
    // Rows are local so a half-typed or repeated key does not vanish; only an outside change resets them.
  }, [value]);

  const change = (next: Row[]) => {
    setRows(next);
    form.edit(pointer, objectOf(next));
  };
  const keyCount = new Map<string, number>();
  for (const [key] of rows) keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
  const id = fieldId(pointer);
  return (
    <fieldset class="field pairs" id={id}>
      <legend class="field-label">{label}</legend>
      {schema.description && <p class="field-help">{schema.description}</p>}
      {rows.length === 0 && <p class="empty">None yet.</p>}
      {rows.map(([key, text], index) => (
        <div class="pair" key={index}>
          <label class="pair-part">
            <span class="pair-label">Find</span>
            <input type="text" value={key} onInput={(e) => change(rows.map((r, i) => (i === index ? [e.currentTarget.value, r[1]] : r)))} />
          </label>
          <label class="pair-part">
            <span class="pair-label">Replace with</span>
            <input type="text" value={text} onInput={(e) => change(rows.map((r, i) => (i === index ? [r[0], e.currentTarget.value] : r)))} />
          </label>
          <button type="button" class="icon-button" onClick={() => change(rows.filter((_, i) => i !== index))}>
            <span aria-hidden="true">✕</span>
            <span class="visually-hidden">Remove pair {index + 1}</span>
          </button>
          {(keyCount.get(key) ?? 0) > 1 && <p class="field-error pair-note">This text is listed twice: only the last pair is kept.</p>}
          {key === "" && text !== "" && <p class="field-error pair-note">Enter the text to find, or this pair is not saved.</p>}
        </div>
      ))}
      <button type="button" class="button small" onClick={() => setRows([...rows, ["", ""]])}>
        Add pair
      </button>
      <FieldErrors pointer={pointer} />
    </fieldset>
  );
}
