// The frame of a sign-in step: heading, inputs, the problem when it is not about the input, submit and Cancel; and waits.
import type { ComponentChildren } from "preact";
import { formatDuration } from "../lib/format.ts";
import { secondsUntil, type SignInFlowState } from "../lib/sign-in-flow.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { ProblemNotice } from "./ProblemNotice.tsx";
import type { SignInActions } from "./use-sign-in.ts";

export interface StepProps {
  state: SignInFlowState;
  actions: SignInActions;
  /** Focus the step's input when it appears. */
  takeFocus: boolean;
  now: number;
  /** For links from errors to the Login fields on this page. */
  schema: SchemaNode | null;
}

export interface StepFormProps extends StepProps {
  title: string;
  field: "phone" | "code" | "password";
  submitLabel: string;
  busyLabel: string;
  canSubmit: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  /** Shown after the problem (which says why there is a wait): a countdown while the step cannot be sent. */
  wait?: ComponentChildren;
  children: ComponentChildren;
}

export function StepForm({ state, schema, title, field, submitLabel, busyLabel, canSubmit, onSubmit, onCancel, wait, children }: StepFormProps) {
  const { problem } = state;
  return (
    <form
      class="wizard-step"
      aria-labelledby="telegram-step-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (canSubmit) onSubmit();
      }}
    >
      <h3 id="telegram-step-title">{title}</h3>
      {children}
      {problem && problem.field !== field && <ProblemNotice problem={problem} fieldsOnPage={schema} />}
      {wait}
      <div class="actions">
        <button type="submit" class="button primary" disabled={!canSubmit} aria-busy={state.busy}>
          {state.busy || state.step === "sending" ? busyLabel : submitLabel}
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "You can … in 42 s", while a wait lasts; `message` words it for a duration. */
export function Wait({ seconds, message }: { seconds: number; message: (duration: string) => string }) {
  return seconds > 0 ? <p class="notice warning wait">{message(formatDuration(seconds))}</p> : null;
}

/** "Without an answer, this sign-in is cancelled in 4 min 10 s." */
export function Expiry({ state, now }: { state: SignInFlowState; now: number }) {
  const left = secondsUntil(state.expiresAt, now);
  return left > 0 ? <p class="card-help">Without an answer, this sign-in is cancelled in {formatDuration(left)}.</p> : null;
}

