// Unsaved form edits survive a reload or a new sign-in in sessionStorage: as a merge patch, never with secrets or the token.
import { withoutSecrets } from "../lib/secrets.ts";
import { instanceStorageKey } from "./instance.ts";

/** Per instance: one instance's edits must never be offered on another's page. */
const UNSAVED_KEY = instanceStorageKey("tgcf-server.unsaved-edits");

/** Keeps `patch` (secrets removed), or forgets when there is nothing unsaved. */
export function storeUnsavedEdits(patch: unknown): void {
  try {
    const safe = patch === undefined ? undefined : withoutSecrets(patch);
    if (safe === undefined || (typeof safe === "object" && safe !== null && Object.keys(safe).length === 0)) {
      sessionStorage.removeItem(UNSAVED_KEY);
    } else sessionStorage.setItem(UNSAVED_KEY, JSON.stringify(safe));
  } catch {
    // Storage may be full or disabled: the edits still live in memory.
  }
}

/** The stored patch, or undefined. */
export function readUnsavedEdits(): unknown {
  try {
    const stored = sessionStorage.getItem(UNSAVED_KEY);
    return stored === null ? undefined : (JSON.parse(stored) as unknown);
  } catch {
    return undefined;
  }
}

export function forgetUnsavedEdits(): void {
  try {
    sessionStorage.removeItem(UNSAVED_KEY);
  } catch {
    // nothing stored
  }
}
