// Fields changed both in the file on disk and on this page since it read them: both values side by side, and the
// person's choice for each (keep mine: sent again, tested against the value on disk now; take theirs: my edit dropped).
import type { FieldConflict } from "../lib/three-way-merge.ts";
import { hintFor } from "../fields/hints.ts";
import { getAt } from "../lib/json-pointer.ts";
import { pointerLabel, type SchemaNode } from "../lib/schema-node.ts";
import { describeValue } from "../lib/value-text.ts";
import type { PartEditor } from "../pages/use-part-editor.ts";
import { configState } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { focusField } from "./ErrorSummary.tsx";

interface ConflictPanelProps {
  editor: PartEditor;
  message: string;
  conflicts: FieldConflict[];
  root: SchemaNode | null;
}

const isList = (value: unknown) => Array.isArray(value) && value.some((item) => item !== null && typeof item === "object");

export function ConflictPanel({ editor, message, conflicts, root }: ConflictPanelProps) {
  const { draft } = useStore(configState);
  const allChosen = conflicts.every((conflict) => editor.choices[conflict.path]);
  return (
    <section class="notice warning conflict-panel" tabIndex={-1} data-save-message aria-labelledby="conflict-title" aria-describedby="conflict-help">
      <p class="notice-title" id="conflict-title">
        {conflicts.length === 1 ? "1 field" : `${conflicts.length} fields`} changed on disk and here
      </p>
      <p id="conflict-help">{message}</p>
      <ul class="conflict-list">
        {conflicts.map((conflict, index) => {
          const name = root ? pointerLabel(root, conflict.path) : conflict.path;
          const nullText = hintFor(conflict.path).nullChoice?.label;
          const chosen = editor.choices[conflict.path];
          const group = `conflict-${index}`;
          return (
            <li key={conflict.path}>
              <fieldset class="conflict" aria-describedby={`${group}-values`}>
                <legend>{name}</legend>
                <div class="conflict-row">
                  <dl class="conflict-values" id={`${group}-values`}>
                    <div>
                      <dt>On disk now (theirs)</dt>
                      <dd>{describeValue(conflict.theirs, conflict.path, nullText)}</dd>
                    </div>
                    <div>
                      <dt>Yours</dt>
                      <dd>{describeValue(getAt(draft, conflict.path), conflict.path, nullText)}</dd>
                    </div>
                  </dl>
                  <div class="choices">
                    <label class="choice-option">
                      <input type="radio" name={group} checked={chosen === "mine"} onChange={() => editor.choose(conflict.path, "mine")} />
                      Keep mine
                    </label>
                    <label class="choice-option">
                      <input type="radio" name={group} checked={chosen === "theirs"} onChange={() => editor.choose(conflict.path, "theirs")} />
                      Take theirs
                    </label>
                    <button type="button" class="link-button" onClick={() => focusField(conflict.path)}>
                      Go to the field <span class="visually-hidden">{name}</span>
                    </button>
                  </div>
                </div>
                {isList(conflict.theirs) && <p class="field-help">Both sides changed this list: the one you keep replaces the other whole.</p>}
              </fieldset>
            </li>
          );
        })}
      </ul>
      <div class="actions">
        <button type="button" class="button primary" onClick={() => void editor.saveChoices()} disabled={!allChosen || editor.saving}>
          Save with these choices
        </button>
        <button type="button" class="button" onClick={() => void editor.reload()} disabled={editor.saving}>
          Discard my changes
        </button>
      </div>
    </section>
  );
}
