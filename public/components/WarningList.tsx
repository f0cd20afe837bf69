// The warnings of one page's part of the config that have no field to sit at (keys tgcf does not know, whole
// sections), and a way to reach those shown at their fields. A key tgcf does not know can be removed from here.
import type { ConfigWarning } from "../api/types.ts";
import { getAt } from "../lib/json-pointer.ts";
import { pointerLabel, type SchemaNode } from "../lib/schema-node.ts";
import { configState, editDraft } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { focusField } from "./ErrorSummary.tsx";

interface WarningListProps {
  listed: ConfigWarning[];
  atFields: ConfigWarning[];
  root: SchemaNode;
  /** Top-level keys this form saves: only keys inside them can be removed from here. */
  keys: readonly string[];
}

export function WarningList({ listed, atFields, root, keys }: WarningListProps) {
  const { saved, draft } = useStore(configState);
  if (listed.length === 0 && atFields.length === 0) return null;
  const editable = (warning: ConfigWarning) => warning.kind === "unknown-key" && keys.some((key) => warning.path.startsWith(`/${key}/`));
  return (
    <section class="notice warning config-warnings" aria-labelledby="config-warnings-title">
      <p class="notice-title" id="config-warnings-title">
        {listed.length + atFields.length === 1 ? "1 warning" : `${listed.length + atFields.length} warnings`} about the config file
      </p>
      {listed.length > 0 && (
        <ul class="warning-list">
          {listed.map((warning) => {
            const removed = getAt(draft, warning.path) === undefined && getAt(saved, warning.path) !== undefined;
            return (
              <li key={warning.path + warning.message}>
                <code>{warning.path || "/"}</code>: {warning.message}
                {editable(warning) &&
                  (removed ? (
                    <>
                      {" "}
                      <span class="muted">(removed when you save)</span>{" "}
                      <button type="button" class="button small" onClick={() => editDraft(warning.path, structuredClone(getAt(saved, warning.path)))}>
                        Keep <span class="visually-hidden">{warning.path}</span>
                      </button>
                    </>
                  ) : (
                    <>
                      {" "}
                      <button type="button" class="button small" onClick={() => editDraft(warning.path, undefined)}>
                        Remove <span class="visually-hidden">{warning.path}</span>
                      </button>
                    </>
                  ))}
              </li>
            );
          })}
        </ul>
      )}
      {atFields.length > 0 && (
        <p class="warning-fields">
          {listed.length > 0 ? "Also at their fields: " : "Shown at their fields: "}
          {atFields.map((warning, index) => (
            <span key={warning.path + warning.message}>
              {index > 0 && ", "}
              <button type="button" class="link-button" onClick={() => focusField(warning.path)}>
                {pointerLabel(root, warning.path)}
              </button>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
