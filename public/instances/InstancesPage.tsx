// The overview of every tgcf instance: state and use of each, start/stop/restart one or several, add, rename, delete.
import { DEFAULT_INSTANCE_ID } from "../../src/shared/instance-id";
import { useEffect, useState } from "preact/hooks";
import { ApiFailure } from "../api/http.ts";
import { deleteInstance, instanceAction, renameInstance, type InstanceAction, type InstanceSummary } from "../api/instances.ts";
import { confirmAction } from "../components/confirm.tsx";
import { Page } from "../pages/ConfigPage.tsx";
import { CURRENT_INSTANCE } from "../state/instance.ts";
import { instancesState, refreshInstances } from "../state/instances-store.ts";
import { navigate } from "../state/router.ts";
import { useStore } from "../state/store.ts";
import { AddInstanceForm } from "./AddInstanceForm.tsx";
import { InstanceCard, isActive } from "./InstanceCard.tsx";
import { INSTANCE_COLOUR_COUNT, MergedLog } from "./MergedLog.tsx";
import "./instances.css";

/** How often the overview asks again (state, uptime, CPU and memory change on their own). */
export const INSTANCES_REFRESH_MS = 2_000;

const ACTION_WORDS: Record<InstanceAction, string> = { run: "Start", stop: "Stop", restart: "Restart" };

const reason = (error: unknown) => (error instanceof ApiFailure ? error.message : String(error));

export function InstancesPage() {
  const { instances, error } = useStore(instancesState);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  /** The instances whose logs are shown together (fixed when asked, so ticking boxes later does not reconnect). */
  const [mergedIds, setMergedIds] = useState<string[] | null>(null);

  useEffect(() => {
    void refreshInstances();
    const timer = setInterval(() => void refreshInstances(), INSTANCES_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  /** Runs `action` on each id in turn; says which were refused and why. */
  const act = async (ids: string[], action: InstanceAction) => {
    setBusy(true);
    const refused: string[] = [];
    for (const id of ids) {
      await instanceAction(id, action).catch((failure) => refused.push(`${nameOf(id)}: ${reason(failure)}`));
    }
    await refreshInstances();
    setBusy(false);
    setMessage(refused.length ? { kind: "error", text: `${ACTION_WORDS[action]} refused for ${refused.join("; ")}` } : null);
  };

  const nameOf = (id: string) => instances?.find((instance) => instance.id === id)?.name ?? id;

  const rename = async (id: string, name: string) => {
    try {
      await renameInstance(id, name);
      await refreshInstances();
      return null;
    } catch (failure) {
      return reason(failure);
    }
  };

  const remove = async (instance: InstanceSummary) => {
    if (isActive(instance)) {
      setMessage({ kind: "error", text: `${instance.name} is running: stop it before deleting it.` });
      return;
    }
    const confirmed = await confirmAction({
      title: `Delete ${instance.name}?`,
      message: `Its config, Telegram session and log move to the trash folder in the server's data directory (trash/${instance.id}-<time>), from where an administrator can bring them back or remove them.`,
      confirmLabel: "Delete instance",
      danger: true,
    });
    if (!confirmed) return;
    try {
      const { trashedTo } = await deleteInstance(instance.id);
      setSelected((old) => new Set([...old].filter((id) => id !== instance.id)));
      await refreshInstances();
      // Said once the list no longer shows it.
      setMessage({ kind: "success", text: `${instance.name} was deleted${trashedTo ? `; its files are in ${trashedTo}` : ""}.` });
      if (instance.id === CURRENT_INSTANCE) void navigate("instances", DEFAULT_INSTANCE_ID);
    } catch (failure) {
      setMessage({ kind: "error", text: reason(failure) });
    }
  };

  const select = (id: string, on: boolean) => setSelected((old) => (on ? new Set([...old, id]) : new Set([...old].filter((other) => other !== id))));
  const chosen = (instances ?? []).filter((instance) => selected.has(instance.id)).map((instance) => instance.id);
  // The colour goes by the instance's place in the overview, so it stays the same whichever others are shown with it.
  const merged = (instances ?? [])
    .map((instance, place) => ({ id: instance.id, name: instance.name, colour: place % INSTANCE_COLOUR_COUNT }))
    .filter((instance) => mergedIds?.includes(instance.id));

  return (
    <Page title="Instances" intro="Every tgcf this server runs. Open one by its name to set it up, sign in to Telegram or read its log.">
      {error ? (
        <p class="notice error" role="alert">
          The list could not be read: {error}
        </p>
      ) : null}
      {message ? (
        <p class={`notice ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}
      {instances === null ? (
        <p class="loading">Loading…</p>
      ) : (
        <>
          <div class="bulk-actions" role="group" aria-label="Selected instances">
            <span class="bulk-count">{chosen.length ? `${chosen.length} selected` : "Select instances to act on several at once"}</span>
            {(["run", "stop", "restart"] as const).map((action) => (
              <button key={action} type="button" class="button small" disabled={busy || chosen.length === 0} onClick={() => void act(chosen, action)}>
                {ACTION_WORDS[action]} selected
              </button>
            ))}
            <button type="button" class="button small" disabled={chosen.length === 0} onClick={() => setMergedIds(chosen)}>
              Show their log together
            </button>
          </div>
          {merged.length ? <MergedLog instances={merged} onClose={() => setMergedIds(null)} /> : null}
          <ul class="instance-list">
            {instances.map((instance) => (
              <InstanceCard
                key={instance.id}
                instance={instance}
                selected={selected.has(instance.id)}
                busy={busy}
                onSelect={(on) => select(instance.id, on)}
                onAction={(action) => void act([instance.id], action)}
                onRename={(name) => rename(instance.id, name)}
                onDelete={() => void remove(instance)}
              />
            ))}
          </ul>
          <AddInstanceForm instances={instances} onAdded={() => void refreshInstances()} />
        </>
      )}
    </Page>
  );
}
