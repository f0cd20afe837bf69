// Signed in or not. The token is only ever sent once, to POST api/login; the session lives in an HttpOnly cookie.
import { ApiFailure, beginSession, request, setUnauthorizedHandler } from "../api/http.ts";
import { forgetChatList } from "./chat-list.ts";
import { loadConfig, resetConfig } from "./config-store.ts";
import { startLogStream, stopLogStream } from "./log-store.ts";
import { resetRawDraft } from "./raw-draft.ts";
import { refreshStatus } from "./status-store.ts";
import { Store } from "./store.ts";

export interface SessionState {
  phase: "checking" | "signed-out" | "signed-in";
  /** Why the sign-in form is showing (the session ended, the server is unreachable...). */
  notice: string;
}

export const sessionState = new Store<SessionState>({ phase: "checking", notice: "" });

setUnauthorizedHandler(() => {
  if (sessionState.value.phase === "signed-out") return;
  stopLogStream();
  const wasIn = sessionState.value.phase === "signed-in";
  sessionState.set({ phase: "signed-out", notice: wasIn ? "Your session has ended. Sign in again: your unsaved changes are kept." : "" });
});

async function enter(): Promise<void> {
  sessionState.set({ phase: "signed-in", notice: "" });
  startLogStream();
  await loadConfig();
}

/** At start: an existing session cookie signs in at once. */
export async function checkSession(): Promise<void> {
  try {
    await refreshStatus();
    await enter();
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return;
    sessionState.set({ phase: "signed-out", notice: error instanceof Error ? error.message : String(error) });
  }
}

/** POST api/login; returns null or what went wrong. */
export async function signIn(token: string): Promise<string | null> {
  try {
    await request("api/login", { method: "POST", body: { token }, quietUnauthorized: true });
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    if (error.status === 401) return "That token is not right. It is printed by tgcf-server at start and kept in the data dir.";
    if (error.status === 429) {
      const seconds = error.headers?.get("retry-after");
      return `Too many attempts. Try again${seconds ? ` in ${seconds} s` : " in a minute"}.`;
    }
    return error.message;
  }
  beginSession();
  await refreshStatus().catch(() => undefined);
  await enter();
  return null;
}

/** POST api/logout, then forgets every unsaved edit. */
export async function signOut(): Promise<void> {
  await request("api/logout", { method: "POST", quietUnauthorized: true }).catch(() => undefined);
  stopLogStream();
  resetConfig();
  resetRawDraft();
  forgetChatList();
  sessionState.set({ phase: "signed-out", notice: "You are signed out." });
}
