// tgcf's process state as the server last reported it (GET api/status, WS status messages, run/stop answers).
import { instanceApi } from "./instance.ts";
import { ApiFailure, request, type FieldError } from "../api/http.ts";
import type { ProcessStatusReport as ProcessStatus } from "../api/process-types.ts";
import { Store } from "./store.ts";

export interface StatusState {
  status: ProcessStatus | null;
  /** Date.now() when `status` arrived, so uptime can tick on between updates. */
  receivedAt: number;
}

export const statusState = new Store<StatusState>({ status: null, receivedAt: 0 });

/** Socket messages carry no savedMode (only GET api/status reads the config for it): the last one known is kept. */
export function acceptStatus(status: ProcessStatus): void {
  const savedMode = status.savedMode === undefined ? statusState.value.status?.savedMode : status.savedMode;
  statusState.set({ status: { ...status, savedMode }, receivedAt: Date.now() });
}

/** GET api/status; a 401 goes to the sign-in form (and rethrows). */
export async function refreshStatus(): Promise<ProcessStatus> {
  const { data } = await request<ProcessStatus>(instanceApi("status"));
  acceptStatus(data);
  return data;
}

export type ProcessAction = "run" | "stop" | "restart";

/** Why an action was refused: the server's sentence and, for a start, every problem at its config field. */
export interface ActionProblem {
  message: string;
  fields: FieldError[];
}

/** POST api/run|stop|restart; returns null or why not (409, 422, 500). */
export async function processAction(action: ProcessAction): Promise<ActionProblem | null> {
  try {
    await request(instanceApi(action), { method: "POST", body: {} });
    return null;
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    return { message: error.message, fields: error.fieldErrors };
  } finally {
    await refreshStatus().catch(() => undefined);
  }
}

/** Seconds tgcf has been up at `now`, counted on from the last report. */
export function uptimeAt(state: StatusState, now: number): number | null {
  const uptime = state.status?.uptimeSeconds;
  if (uptime === null || uptime === undefined || !state.status?.isRunning) return null;
  return uptime + (now - state.receivedAt) / 1000;
}
