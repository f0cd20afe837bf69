// Label, description, link, errors and warnings around one input; ids tie them together for screen readers.
import type { ComponentChildren } from "preact";
import { fieldId } from "../lib/field-id.ts";
import { hintFor } from "./hints.ts";
import { useForm } from "./form-context.ts";

export interface FrameProps {
  pointer: string;
  label: string;
  description?: string;
  children: ComponentChildren;
  /** Put the label after the input (switches). */
  inline?: boolean;
  /** Several controls, not one input: the label names a group instead of pointing at an input. */
  group?: boolean;
}

/** The ids of the description and error texts of the field at `pointer`, for aria-describedby. */
export function describedBy(pointer: string, hasDescription: boolean): string {
  const id = fieldId(pointer);
  return [hasDescription ? `${id}-help` : "", `${id}-errors`].filter(Boolean).join(" ");
}

export function FieldFrame({ pointer, label, description, children, inline, group }: FrameProps) {
  const form = useForm();
  const errors = form.errorsAt(pointer);
  const id = fieldId(pointer);
  const link = hintFor(pointer).link;
  return (
    <div
      class={`field${inline ? " inline" : ""}${errors.length ? " has-error" : ""}`}
      role={group ? "group" : undefined}
      aria-labelledby={group ? `${id}-label` : undefined}
    >
      {group && (
        <span class="field-label" id={`${id}-label`}>
          {label}
        </span>
      )}
      {!inline && !group && (
        <label for={id} class="field-label">
          {label}
        </label>
      )}
      {children}
      {inline && (
        <label for={id} class="field-label">
          {label}
        </label>
      )}
      {description && (
        <p id={`${id}-help`} class="field-help">
          {description}
          {link && (
            <>
              {" "}
              <a href={link.href} target="_blank" rel="noopener noreferrer">
                {link.text}
              </a>
            </>
          )}
        </p>
      )}
      <FieldErrors pointer={pointer} />
    </div>
  );
}

/** The server's messages for the field at `pointer` (errors, then warnings about the file), announced when they appear. */
export function FieldErrors({ pointer }: { pointer: string }) {
  const form = useForm();
  const errors = form.errorsAt(pointer);
  const warnings = form.warningsAt(pointer);
  return (
    <div id={`${fieldId(pointer)}-errors`} class="field-errors" aria-live="polite">
      {errors.map((message) => (
        <p class="field-error" key={message}>
          {message}
        </p>
      ))}
      {warnings.map((message) => (
        <p class="field-warning" key={message}>
          <span class="field-warning-label">Warning:</span> {message}
        </p>
      ))}
    </div>
  );
}
