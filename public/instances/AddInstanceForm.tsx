// Adds an instance: its id (part of its address and folder), a name, and optionally a copy of another's config.
import { useState } from "preact/hooks";
import { ApiFailure } from "../api/http.ts";
import { createInstance, type InstanceSummary } from "../api/instances.ts";
import { NewInstanceFields } from "./NewInstanceFields.tsx";
import { INSTANCE_ID_RULE, isValidInstanceId } from "../../src/shared/instance-id";


export function AddInstanceForm({ instances, onAdded }: { instances: InstanceSummary[]; onAdded(instance: InstanceSummary): void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const add = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const id = data.get("id")?.toString().trim() ?? "";
    const name = data.get("name")?.toString().trim() || undefined;
    const copyFrom = data.get("copyFrom")?.toString() || undefined;
    if (!isValidInstanceId(id)) {
      setProblem(`This id is not allowed: ${INSTANCE_ID_RULE} (for example “shop-news”).`);
      return;
    }
    setBusy(true);
    try {
      const created = await createInstance({ id, name, copyFrom });
      setProblem(null);
      form.reset();
      onAdded(created);
    } catch (error) {
      setProblem(error instanceof ApiFailure ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="add-instance-title">
      <h2 id="add-instance-title">Add an instance</h2>
      <p class="card-help">Each instance is a tgcf of its own, with its own config, Telegram login and log. Two instances cannot run with the same bot or account at once.</p>
      <form class="add-instance" onSubmit={(event) => void add(event)} noValidate>
        <NewInstanceFields idPrefix="new-instance" idLabel="Id" />
        <div class="field">
          <label class="field-label" for="new-instance-copy">
            Start from
          </label>
          <select id="new-instance-copy" name="copyFrom" aria-describedby="new-instance-copy-help">
            <option value="">An empty config</option>
            {instances.map((instance) => (
              <option key={instance.id} value={instance.id}>
                A copy of {instance.name}’s config
              </option>
            ))}
          </select>
          <p class="field-help" id="new-instance-copy-help">
            A copy takes the connections and plugins, not the logins: the API hash, bot token and session are left out and no session file is copied, so you sign in again on the new instance.
          </p>
        </div>
        {problem ? (
          <p class="notice error" role="alert">
            {problem}
          </p>
        ) : null}
        <button type="submit" class="button primary" disabled={busy}>
          Add instance
        </button>
      </form>
    </section>
  );
}
