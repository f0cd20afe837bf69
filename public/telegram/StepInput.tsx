// The one input of a sign-in step, with its help and its error at the field (tied by aria-describedby; the error takes focus).
import { useEffect, useRef } from "preact/hooks";
import type { TelegramProblem } from "../lib/telegram-problem.ts";

interface StepInputProps {
  id: string;
  label: string;
  help: string;
  type: "tel" | "text" | "password";
  autoComplete: string;
  inputMode?: "tel" | "numeric";
  value: string;
  onInput: (value: string) => void;
  /** The problem of the last attempt; its message shows here when it is about this field. */
  problem: TelegramProblem | null;
  field: TelegramProblem["field"];
  /** Focus the input when it appears (after the person's own action, never on page load). */
  takeFocus: boolean;
  readOnly?: boolean;
}

export function StepInput({ id, label, help, type, autoComplete, inputMode, value, onInput, problem, field, takeFocus, readOnly }: StepInputProps) {
  const input = useRef<HTMLInputElement>(null);
  const error = problem?.field === field ? problem.message : null;

  useEffect(() => {
    if (takeFocus) input.current?.focus();
  }, []);
  useEffect(() => {
    if (!error) return;
    input.current?.focus();
    input.current?.select();
  }, [problem]);

  return (
    <div class={`field${error ? " has-error" : ""}`}>
      <label for={id} class="field-label">
        {label}
      </label>
      <input
        ref={input}
        id={id}
        // Preact's JSX types tie the attributes to one literal type; all three are single-line text boxes.
        type={type as "text"}
        autoComplete={autoComplete}
        inputMode={inputMode}
        spellcheck={false}
        value={value}
        readOnly={readOnly}
        aria-invalid={error !== null}
        aria-describedby={`${id}-help ${id}-error`}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <p id={`${id}-help`} class="field-help">
        {help}
      </p>
      <p id={`${id}-error`} class="field-error">
        {error}
      </p>
    </div>
  );
}
