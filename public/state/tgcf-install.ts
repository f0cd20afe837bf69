// Whether tgcf is there, and installing it from the browser: the server's own types, the install's events as they come.
import { ApiFailure, request } from "../api/http.ts";
import type { InstallEvent, InstallReport, TgcfStatus } from "../../src/modules/tgcf-install/model";
import { Store } from "./store.ts";

export type { InstallEvent, InstallReport, TgcfStatus };

export interface InstallState {
  status: TgcfStatus | null;
  /** The install under way or just finished, as its events told it. */
  report: InstallReport | null;
  events: InstallEvent[];
  problem: string | null;
}

/** Output lines kept for "show the output": the last ones, as pip printed them. */
const KEPT_EVENTS = 400;

export const installState = new Store<InstallState>({ status: null, report: null, events: [], problem: null });

export async function refreshTgcfStatus(): Promise<void> {
  try {
    const { data } = await request<TgcfStatus>("api/tgcf");
    installState.update((state) => ({ ...state, status: data }));
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    installState.update((state) => ({ ...state, problem: error.message }));
  }
}

/** POST api/tgcf/install, then follows its events until it finishes; the status is read again at the end. */
export async function installTgcf(version?: string): Promise<void> {
  installState.update((state) => ({ ...state, events: [], report: null, problem: null }));
  try {
    const { data } = await request<InstallReport>("api/tgcf/install", { method: "POST", body: version ? { version } : {} });
    installState.update((state) => ({ ...state, report: data }));
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    installState.update((state) => ({ ...state, problem: error.message }));
    return;
  }
  await followEvents();
  await refreshTgcfStatus();
}

export async function cancelInstall(): Promise<void> {
  await request("api/tgcf/install/cancel", { method: "POST" }).catch(() => undefined);
}

function followEvents(): Promise<void> {
  return new Promise((resolve) => {
    const source = new EventSource("api/tgcf/install/events");
    const take = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as InstallEvent;
      installState.update((state) => ({ ...state, events: [...state.events.slice(-KEPT_EVENTS + 1), event], report: event.report ?? state.report }));
      if (event.type === "finished") {
        source.close();
        resolve();
      }
    };
    for (const type of ["step", "package", "output", "warning", "finished"]) source.addEventListener(type, take as EventListener);
    source.addEventListener("idle", () => {
      source.close();
      resolve();
    });
    source.onerror = () => {
      // The server closed the stream (finished, or it restarted): the report says how it ended.
      source.close();
      void request<InstallReport>("api/tgcf/install").then(
        ({ data }) => installState.update((state) => ({ ...state, report: data })),
        () => undefined,
      );
      resolve();
    };
  });
}
