// "Move to a new instance" on the Connections page: tgcf's plugins apply to all of an instance's connections, so
// connections that need other plugins move to an instance of their own. The server does both changes or neither.
import { useState } from "preact/hooks";
import { ApiFailure } from "../api/http.ts";
import { moveConnections } from "../api/instances.ts";
import { confirmAction } from "../components/confirm.tsx";
import { connectionName } from "../pages/ConnectionCard.tsx";
import { INSTANCE_ID_RULE, isValidInstanceId } from "../../src/shared/instance-id";
import { CURRENT_INSTANCE, reloadAt } from "../state/instance.ts";
import { instanceName } from "../state/instances-store.ts";
import { NewInstanceFields } from "./NewInstanceFields.tsx";
import "./instances.css";

type Forward = Record<string, unknown>;

interface MoveProps {
  /** The connections as saved: what the server moves (indexes and sources are checked against the file). */
  saved: readonly Forward[];
  /** Unsaved edits to the connections: the move works on the saved list, so they must be saved or discarded first. */
  unsaved: boolean;
}

const UNSAVED_FIRST = "Save or discard your changes to the connections first: the move takes the connections as they are saved.";

const plural = (count: number) => (count === 1 ? "1 connection" : `${count} connections`);

export function MoveConnectionsForm({ saved, unsaved }: MoveProps) {
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<number[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (saved.length === 0) return null;

  const toggle = (index: number, on: boolean) => setChosen((old) => (on ? [...old, index].sort((a, b) => a - b) : old.filter((i) => i !== index)));
  const move = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const id = data.get("id")?.toString().trim() ?? "";
    const name = data.get("name")?.toString().trim() || undefined;
    if (unsaved) return setProblem(UNSAVED_FIRST);
    if (chosen.length === 0) return setProblem("Choose at least one connection to move.");
    if (chosen.length === saved.length) return setProblem("Keep at least one connection here: to move them all, add an instance as a copy on the Instances page instead.");
    if (!isValidInstanceId(id)) return setProblem(`The new instance's id is not allowed: ${INSTANCE_ID_RULE}.`);
    const confirmed = await confirmAction({
      title: `Move ${plural(chosen.length)} to “${name ?? id}”?`,
      message:
        `They are removed from ${instanceName()} and saved in a new instance with a copy of its plugins and settings, but not its login: ` +
        "two instances cannot share one. You then sign in the new instance with its own bot or account, and start it. The old config is kept as a backup.",
      confirmLabel: "Move",
    });
    if (!confirmed) return;
    setBusy(true);
    try {
      const connections = chosen.map((index) => ({ index, source: saved[index]!.source as string | number }));
      const { instance } = await moveConnections(CURRENT_INSTANCE, { connections, to: { id, name } });
      reloadAt(instance.id, "account");
    } catch (error) {
      setProblem(error instanceof ApiFailure ? error.message : String(error));
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <section class="card move-connections" aria-labelledby="move-connections-title">
        <h2 id="move-connections-title">Other plugins for some connections?</h2>
        <p class="card-help">tgcf applies its plugins to every connection of an instance. Move connections to a new instance to give them plugins of their own.</p>
        <button type="button" class="button" onClick={() => setOpen(true)}>
          Move to a new instance…
        </button>
      </section>
    );
  }
  return (
    <section class="card move-connections" aria-labelledby="move-connections-title">
      <h2 id="move-connections-title">Move to a new instance</h2>
      {unsaved && problem !== UNSAVED_FIRST ? (
        <p class="notice warning" role="status">
          {UNSAVED_FIRST}
        </p>
      ) : null}
      <form onSubmit={(event) => void move(event)} onInput={() => setProblem(null)} noValidate>
        <fieldset>
          <legend>Connections to move</legend>
          {saved.map((forward, index) => (
            <label key={index} class="check-row">
              <input type="checkbox" name="connection" value={index} checked={chosen.includes(index)} onChange={(event) => toggle(index, event.currentTarget.checked)} />
              {connectionName(forward, index)} <span class="muted">({String(forward.source)})</span>
            </label>
          ))}
        </fieldset>
        <NewInstanceFields idPrefix="move-instance" idLabel="New instance id" />
        {problem ? (
          <p class="notice error" role="alert">
            {problem}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            Move {plural(chosen.length)}
          </button>
          <button type="button" class="button" onClick={() => (setOpen(false), setProblem(null))}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
