// Whether this browser was signed in here last time: a hint, never a credential (the session is an HttpOnly cookie the
// page cannot read). Without it the page shows the sign-in form at once instead of asking the server, so a first visit
// logs no 401 in the console and does not wait for a round trip.
import type { SessionState } from "./session.ts";

/** Per path: servers behind one proxy origin keep their hints apart. */
const hintKey = () => `tgcf-server.signed-in:${location.pathname}`;
const SIGNED_IN = "1";

/** True unless this browser is known not to have signed in here (also true when storage is unavailable). */
export function mayBeSignedIn(): boolean {
  try {
    return localStorage.getItem(hintKey()) === SIGNED_IN;
  } catch {
    return true;
  }
}

/** Keeps the hint in step with the session: set on sign-in, dropped on sign-out or an ended session. */
export function followSession(state: SessionState): void {
  if (state.phase === "checking") return;
  try {
    if (state.phase === "signed-in") localStorage.setItem(hintKey(), SIGNED_IN);
    else localStorage.removeItem(hintKey());
  } catch {
    // Storage refused (private mode...): the page then always asks the server, as it did before the hint.
  }
}
