// The connections (tgcf's forwards): add, duplicate, remove with confirmation, reorder.
import { useEffect, useRef } from "preact/hooks";
import { confirmAction } from "../components/confirm.tsx";
import { useForm } from "../fields/form-context.ts";
import { moved } from "../fields/ListField.tsx";
import { fieldId } from "../lib/field-id.ts";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import { newValueFor, type SchemaNode } from "../lib/schema-node.ts";
import { ConfigForm, Page } from "./ConfigPage.tsx";
import { ConnectionCard, connectionName } from "./ConnectionCard.tsx";
import { MoveConnectionsForm } from "../instances/MoveConnectionsForm.tsx";
import { configState, isPartDirty } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";

type Forward = Record<string, unknown>;

function ConnectionList({ schema, value }: { schema: SchemaNode; value: unknown }) {
  const form = useForm();
  const forwards = (Array.isArray(value) ? value : []) as Forward[];
  const itemSchema = schema.items ?? {};
  const focusAfterRender = useRef<string | null>(null);

  useEffect(() => {
    if (focusAfterRender.current) document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });

  const change = (next: Forward[], focusId: string) => {
    focusAfterRender.current = focusId;
    form.edit("/forwards", next);
  };
  const remove = async (index: number) => {
    const name = connectionName(forwards[index]!, index);
    const confirmed = await confirmAction({
      title: `Remove ${name}?`,
      message: "The connection is removed from the form; it is gone from tgcf once you save.",
      confirmLabel: "Remove",
      danger: true,
    });
    if (confirmed) change(forwards.filter((_, i) => i !== index), "add-connection");
  };
  const duplicate = (index: number) => {
    const copy = structuredClone(forwards[index]!);
    copy.con_name = `${connectionName(copy, index)} (copy)`;
    change([...forwards.slice(0, index + 1), copy, ...forwards.slice(index + 1)], fieldId(`/forwards/${index + 1}/con_name`));
  };

  return (
    <>
      {forwards.length === 0 && <p class="empty card">No connections yet. Add one to tell tgcf what to forward where.</p>}
      {forwards.map((forward, index) => (
        <ConnectionCard
          key={index}
          index={index}
          schema={itemSchema}
          value={forward}
          actions={{
            moveUp: index > 0 ? () => change(moved(forwards, index, index - 1), `connection-${index - 1}-up`) : undefined,
            moveDown: index < forwards.length - 1 ? () => change(moved(forwards, index, index + 1), `connection-${index + 1}-down`) : undefined,
            duplicate: () => duplicate(index),
            remove: () => void remove(index),
          }}
        />
      ))}
      <button
        type="button"
        class="button"
        id="add-connection"
        onClick={() => change([...forwards, newValueFor(itemSchema) as Forward], fieldId(`/forwards/${forwards.length}/con_name`))}
      >
        Add connection
      </button>
    </>
  );
}

export function ConnectionsPage() {
  const state = useStore(configState);
  const saved = Array.isArray(state.saved?.forwards) ? (state.saved.forwards as Forward[]) : [];
  return (
    <Page title="Connections" intro="Each connection forwards the messages of one source chat to its destination chats.">
      <ConfigForm keys={PAGE_PARTS.connections}>
        {(draft, schema) => schema.properties?.forwards && <ConnectionList schema={schema.properties.forwards} value={draft.forwards} />}
      </ConfigForm>
      {state.phase === "ready" ? <MoveConnectionsForm saved={saved} unsaved={isPartDirty(PAGE_PARTS.connections, state)} /> : null}
    </Page>
  );
}
