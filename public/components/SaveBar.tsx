// Save and discard for one page, with what came of the last save: success, field errors, or a conflict to resolve.
import type { SchemaNode } from "../lib/schema-node.ts";
import type { PartEditor } from "../pages/use-part-editor.ts";
import { ErrorSummary } from "./ErrorSummary.tsx";
import { RestartHint } from "./RestartHint.tsx";

export function SaveBar({ editor, root }: { editor: PartEditor; root: SchemaNode | null }) {
  const { dirty, saving, outcome } = editor;
  const state = saving ? "Saving…" : dirty ? "You have unsaved changes." : outcome?.kind === "saved" ? "Saved." : "All changes saved.";
  return (
    <div class="save-area">
      {/* The list shrinks as the user fixes fields; it goes once all listed fields are edited. */}
      {outcome?.kind === "invalid" && (editor.errors.length > 0 || outcome.errors.length === 0) && (
        <ErrorSummary message={outcome.message} errors={editor.errors} root={root} />
      )}
      {outcome?.kind === "failed" && (
        <div class="notice error" role="alert">
          {outcome.message}
        </div>
      )}
      {outcome?.kind === "conflict" && (
        <div class="notice warning conflict" role="alert">
          <p>{outcome.message}</p>
          <p>Apply your changes on top of the newer version, or reload it and drop yours.</p>
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
      {outcome?.kind === "saved" && !dirty && <RestartHint />}
      <div class={`save-bar${dirty ? " is-dirty" : ""}`}>
        <p class="save-state" role="status">
          {state}
        </p>
        {dirty && (
          <button type="button" class="button" onClick={editor.discard} disabled={saving}>
            Discard changes
          </button>
        )}
        <button type="button" class="button primary" onClick={() => void editor.save()} disabled={!dirty || saving}>
          Save
        </button>
      </div>
    </div>
  );
}
