// The header's choice of instance (only when there are several): the same page of the chosen instance, at its own address.
import type { InstanceSummary } from "../api/instances.ts";
import { CURRENT_INSTANCE } from "../state/instance.ts";
import { currentPage, navigate } from "../state/router.ts";

export function InstanceSwitcher({ instances }: { instances: InstanceSummary[] }) {
  const choose = (id: string) => {
    // Put the shown choice back until the page agrees to leave (unsaved work may keep it here).
    void navigate(currentPage.value, id).then(() => {
      const select = document.getElementById("instance-switcher") as HTMLSelectElement | null;
      if (select) select.value = CURRENT_INSTANCE;
    });
  };
  return (
    <label class="instance-switcher">
      <span class="visually-hidden">Instance</span>
      <select id="instance-switcher" value={CURRENT_INSTANCE} onChange={(event) => choose(event.currentTarget.value)}>
        {instances.map((instance) => (
          <option key={instance.id} value={instance.id}>
            {instance.name}
          </option>
        ))}
      </select>
    </label>
  );
}
