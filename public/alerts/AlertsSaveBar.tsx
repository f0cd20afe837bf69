// Save and discard for the alert settings, pinned to the bottom of the screen like the config pages' save bar, with the
// last save's problems listed above it (each moves focus to its field).
import { useEffect, useRef } from "preact/hooks";
import { ErrorSummary } from "../components/ErrorSummary.tsx";
import { SaveBarControls } from "../components/SaveBarControls.tsx";
import type { SchemaNode } from "../lib/schema-node.ts";
import { discardAlertEdits, type SettingsState } from "./alerts-store.ts";

export function AlertsSaveBar({ state, dirty, root }: { state: SettingsState; dirty: boolean; root: SchemaNode }) {
  const { saving, outcome, errors, settled } = state;
  const messages = useRef<HTMLDivElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const words = saving ? "Saving…" : dirty ? "You have unsaved changes." : outcome?.kind === "saved" ? "Saved." : "All changes saved.";

  // After a refused save its message takes focus; otherwise focus stays, or lands on the status if its button went away.
  useEffect(() => {
    if (settled === 0) return;
    const message = messages.current?.querySelector<HTMLElement>("[data-save-message]");
    if (message && outcome && outcome.kind !== "saved") message.focus({ preventScroll: true });
    else if (!document.activeElement || document.activeElement === document.body || !document.activeElement.isConnected) status.current?.focus();
  }, [settled]);

  return (
    <div class="save-dock">
      <div class="save-messages" ref={messages}>
        {/* The list shrinks as fields are fixed, and goes with the last one. */}
        {outcome?.kind === "invalid" && (errors.length > 0 || !outcome.atFields) && <ErrorSummary message={outcome.message} errors={errors} root={root} saveMessage />}
        {outcome?.kind === "failed" && (
          <div class="notice error" role="alert" tabIndex={-1} data-save-message>
            {outcome.message}
          </div>
        )}
      </div>
      <SaveBarControls words={words} dirty={dirty} saving={saving} status={status} onDiscard={discardAlertEdits} />
    </div>
  );
}
