// A field whose shape the forms do not know: edited as JSON text.
import { useState } from "preact/hooks";
import { fieldId } from "../lib/field-id.ts";
import { describedBy, FieldFrame } from "./FieldFrame.tsx";
import { useForm } from "./form-context.ts";

export function JsonField({ pointer, value, label, description }: { pointer: string; value: unknown; label: string; description?: string }) {
  const form = useForm();
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [problem, setProblem] = useState("");
  return (
    <FieldFrame pointer={pointer} label={`${label} (JSON)`} description={description}>
      <textarea
        id={fieldId(pointer)}
        class="code"
        rows={4}
        value={text}
        spellcheck={false}
        aria-describedby={describedBy(pointer, !!description)}
        onInput={(event) => {
          const typed = event.currentTarget.value;
          setText(typed);
          try {
            form.edit(pointer, JSON.parse(typed));
            setProblem("");
          } catch {
            setProblem("Not valid JSON yet: this field keeps its previous value until it is.");
          }
        }}
      />
      {problem && <p class="field-error">{problem}</p>}
    </FieldFrame>
  );
}
