// The server's field errors as a list whose entries move focus to their field.
import type { FieldError } from "../api/http.ts";
import { fieldId } from "../lib/field-id.ts";
import { parsePointer, toPointer } from "../lib/json-pointer.ts";
import { pointerLabel, type SchemaNode } from "../lib/schema-node.ts";

/** Space kept between a field brought into view and the save bar pinned under it. */
const CLEARANCE_PX = 16;

/** Scrolls `element` to the middle of the screen, and up past the pinned save bar (and its messages) if they cover it. */
function bringIntoView(element: HTMLElement): void {
  element.scrollIntoView({ block: "center" });
  const dock = element.closest("form")?.querySelector(".save-dock") ?? document.querySelector(".save-dock");
  if (!dock) return;
  const covered = element.getBoundingClientRect().bottom + CLEARANCE_PX - dock.getBoundingClientRect().top;
  if (covered > 0) window.scrollBy(0, covered);
}

/** Focuses the field at `pointer`, or the closest enclosing one on the page. */
export function focusField(pointer: string): void {
  const segments = parsePointer(pointer);
  for (let length = segments.length; length >= 0; length--) {
    const element = document.getElementById(fieldId(toPointer(segments.slice(0, length))));
    if (!element) continue;
    for (let details = element.closest("details"); details; details = details.parentElement?.closest("details") ?? null) details.open = true;
    bringIntoView(element);
    const focusable = element.matches("input, select, textarea, button") ? element : element.querySelector<HTMLElement>("input, select, textarea, button");
    (focusable ?? element).focus({ preventScroll: true });
    return;
  }
}

interface ErrorSummaryProps {
  message: string;
  errors: FieldError[];
  root: SchemaNode | null;
  /** Marks the summary as what the save bar focuses after a failed save. */
  saveMessage?: boolean;
}

export function ErrorSummary({ message, errors, root, saveMessage }: ErrorSummaryProps) {
  return (
    <div class="notice error error-summary" role="alert" tabIndex={saveMessage ? -1 : undefined} data-save-message={saveMessage ? "" : undefined}>
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
