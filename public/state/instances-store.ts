// Every tgcf instance as GET api/instances last listed them (the header's switcher and the Instances page).
import { listInstances, type InstanceSummary } from "../api/instances.ts";
import { ApiFailure } from "../api/http.ts";
import { CURRENT_INSTANCE } from "./instance.ts";
import { Store } from "./store.ts";

export interface InstancesState {
  /** null until the first answer. */
  instances: InstanceSummary[] | null;
  error: string | null;
}

export const instancesState = new Store<InstancesState>({ instances: null, error: null });

/** Numbers the lists asked for: an answer older than the one shown (a slow poll after a delete) is not shown. */
let asked = 0;
let shown = 0;

/** GET api/instances into the store; a failure is kept as `error` (the last list stays shown). */
export async function refreshInstances(): Promise<InstanceSummary[] | null> {
  const ticket = ++asked;
  try {
    const instances = await listInstances();
    if (ticket < shown) return instancesState.value.instances;
    shown = ticket;
    instancesState.set({ instances, error: null });
    return instances;
  } catch (error) {
    const message = error instanceof ApiFailure ? error.message : String(error);
    instancesState.update((state) => ({ ...state, error: message }));
    return null;
  }
}

let firstLoad: Promise<InstanceSummary[] | null> | null = null;

/** The list as soon as there is one: the header and the landing ask on the same render and share one request. */
export function loadInstancesOnce(): Promise<InstanceSummary[] | null> {
  if (instancesState.value.instances) return Promise.resolve(instancesState.value.instances);
  firstLoad ??= refreshInstances().finally(() => {
    firstLoad = null;
  });
  return firstLoad;
}

/** The display name of `id` (its id until the list is here). */
export function instanceName(id: string = CURRENT_INSTANCE): string {
  return instancesState.value.instances?.find((instance) => instance.id === id)?.name ?? id;
}
