// What every field needs from the page that holds it: the schema, the saved values, the errors and warnings, a way to edit.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { SchemaNode } from "../lib/schema-node.ts";

export interface FormContextValue {
  root: SchemaNode;
  /** The saved value at a pointer (secrets: placeholder or ""). */
  savedAt(pointer: string): unknown;
  /** Server messages for exactly this field. */
  errorsAt(pointer: string): string[];
  /** What tgcf will ignore or read differently at exactly this field (the server's warnings). */
  warningsAt(pointer: string): string[];
  edit(pointer: string, value: unknown): void;
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useForm(): FormContextValue {
  const form = useContext(FormContext);
  if (!form) throw new Error("a field was rendered outside a form");
  return form;
}
