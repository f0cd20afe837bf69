// Save and discard for one page, with what came of the last save: success, field errors, or conflicts to settle.
// The messages sit in the pinned dock right above the bar, so they are on screen, never under the bar, and take focus.
import { SaveBarControls } from "./SaveBarControls.tsx";
import { useEffect, useRef } from "preact/hooks";
import type { SchemaNode } from "../lib/schema-node.ts";
import type { PartEditor } from "../pages/use-part-editor.ts";
import { ConflictPanel } from "./ConflictPanel.tsx";
import { ErrorSummary } from "./ErrorSummary.tsx";
import { RestartHint } from "./RestartHint.tsx";
import "./save-dock.css";

/** True when the element that had focus went away or can no longer hold it (a button removed or disabled). */
function focusLost(): boolean {
  const active = document.activeElement as (HTMLElement & { disabled?: boolean }) | null;
  return !active || active === document.body || !active.isConnected || active.disabled === true;
}

/**
 * Scrolls the page until the whole dock is on screen. It sticks to the bottom, but never above the top of its form:
 * near the top of a page a tall message would otherwise push the bar below the screen.
 */
function revealDock(dock: HTMLElement | null): void {
  if (!dock) return;
  const { top, bottom } = dock.getBoundingClientRect();
  if (bottom > window.innerHeight) window.scrollBy(0, bottom - window.innerHeight);
  else if (top < 0) window.scrollBy(0, top);
}

export function SaveBar({ editor, root }: { editor: PartEditor; root: SchemaNode | null }) {
  const { dirty, saving, outcome } = editor;
  const messages = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const dock = useRef<HTMLDivElement>(null);
  const state = saving ? "Saving…" : dirty ? "You have unsaved changes." : outcome?.kind === "saved" ? "Saved." : "All changes saved.";

  // After a failed save the message takes focus, fully on screen; after anything else focus stays where it is, or
  // lands on the status.
  useEffect(() => {
    if (editor.settled === 0) return;
    const message = messages.current?.querySelector<HTMLElement>("[data-save-message]");
    if (message && outcome && outcome.kind !== "saved") {
      message.focus({ preventScroll: true });
      revealDock(dock.current);
    } else if (focusLost()) status.current?.focus();
  }, [editor.settled]);

  // The dock is a direct child of the form, so it sticks to the bottom of the screen for the form's whole height.
  return (
    <>
      {outcome?.kind === "saved" && !dirty && (
        <div class="save-area">
          <RestartHint />
        </div>
      )}
      <div class="save-dock" ref={dock}>
        <div class="save-messages" ref={messages}>
          {/* The list shrinks as the user fixes fields; it goes once all listed fields are edited. */}
          {outcome?.kind === "invalid" && (editor.errors.length > 0 || outcome.errors.length === 0) && (
            <ErrorSummary message={outcome.message} errors={editor.errors} root={root} saveMessage />
          )}
          {outcome?.kind === "failed" && (
            <div class="notice error" role="alert" tabIndex={-1} data-save-message>
              {outcome.message}
            </div>
          )}
          {outcome?.kind === "conflict" && outcome.conflicts.length > 0 && (
            <ConflictPanel editor={editor} message={outcome.message} conflicts={outcome.conflicts} root={root} />
          )}
          {outcome?.kind === "conflict" && outcome.conflicts.length === 0 && (
            <div class="notice warning conflict" role="alert" tabIndex={-1} data-save-message>
              <p>{outcome.message}</p>
              <p>Apply your changes on top of the newer version (only the fields you changed are sent), or reload it and drop yours.</p>
              <div class="actions">
                <button type="button" class="button primary" onClick={() => void editor.reapply()} disabled={saving}>
                  Reapply my changes
                </button>
                <button type="button" class="button" onClick={() => void editor.reload()} disabled={saving}>
                  Reload and discard mine
                </button>
              </div>
            </div>
          )}
        </div>
        <SaveBarControls words={state} dirty={dirty} saving={saving} status={status} onDiscard={() => editor.discard()} onSave={() => void editor.save()} />
      </div>
    </>
  );
}
