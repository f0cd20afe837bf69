// The bar itself: what the save state is, Discard while there are changes, and Save. Shared by the config pages' save
// bar and the Alerts page's.
import type { RefObject } from "preact";

interface SaveBarControlsProps {
  words: string;
  dirty: boolean;
  saving: boolean;
  /** The status line, which takes the focus when Discard goes away with the changes. */
  status: RefObject<HTMLParagraphElement | null>;
  onDiscard(): void;
  /** Without it, Save submits the form around the bar. */
  onSave?: () => void;
}

export function SaveBarControls({ words, dirty, saving, status, onDiscard, onSave }: SaveBarControlsProps) {
  return (
    <div class={`save-bar${dirty ? " is-dirty" : ""}`}>
      <p class="save-state" role="status" tabIndex={-1} ref={status}>
        {words}
      </p>
      {dirty && (
        <button
          type="button"
          class="button"
          disabled={saving}
          onClick={() => {
            // The button goes with the changes: focus moves to the status first, never to the page's body.
            status.current?.focus();
            onDiscard();
          }}
        >
          Discard changes
        </button>
      )}
      <button type={onSave ? "button" : "submit"} class="button primary" onClick={onSave} disabled={!dirty || saving}>
        Save
      </button>
    </div>
  );
}
