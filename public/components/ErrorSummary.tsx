// The server's field errors as a list whose entries move focus to their field.
import type { FieldError } from "../api/http.ts";
import { fieldId } from "../lib/field-id.ts";
import { parsePointer, toPointer } from "../lib/json-pointer.ts";
import { pointerLabel, type SchemaNode } from "../lib/schema-node.ts";

/** Focuses the field at `pointer`, or the closest enclosing one on the page. */
export function focusField(pointer: string): void {
  const segments = parsePointer(pointer);
  for (let length = segments.length; length >= 0; length--) {
    const element = document.getElementById(fieldId(toPointer(segments.slice(0, length))));
    if (!element) continue;
    for (let details = element.closest("details"); details; details = details.parentElement?.closest("details") ?? null) details.open = true;
    element.scrollIntoView({ block: "center" });
    const focusable = element.matches("input, select, textarea, button") ? element : element.querySelector<HTMLElement>("input, select, textarea, button");
    (focusable ?? element).focus();
    return;
  }
}

export function ErrorSummary({ message, errors, root }: { message: string; errors: FieldError[]; root: SchemaNode | null }) {
  return (
    <div class="notice error" role="alert">
      <p>{message}</p>
      {errors.length > 0 && (
        <ul class="error-list">
          {errors.map((error) => (
            <li key={error.path + error.message}>
              <button type="button" class="link-button" onClick={() => focusField(error.path)}>
                {root ? pointerLabel(root, error.path) : error.path || "Configuration"}
              </button>
              : {error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
