// On the Advanced page: the way to the Instances overview (with one instance the header does not show it).
import { pageHash } from "../state/instance.ts";
import { instancesState } from "../state/instances-store.ts";
import { navigate } from "../state/router.ts";
import { useStore } from "../state/store.ts";

export function InstancesPanel() {
  const { instances } = useStore(instancesState);
  const count = instances?.length ?? 1;
  return (
    <section class="card" aria-labelledby="instances-panel-title">
      <h2 id="instances-panel-title">Instances</h2>
      <p class="card-help">
        {count > 1
          ? `This server runs ${count} tgcf instances, each with its own config, Telegram login and log.`
          : "This server runs one tgcf. Add another to forward with a second bot or account, with its own config and log."}
      </p>
      <a class="button" href={pageHash("instances")} onClick={(event) => (event.preventDefault(), void navigate("instances"))}>
        {count > 1 ? "Show every instance" : "Add an instance"}
      </a>
    </section>
  );
}
