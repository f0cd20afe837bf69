// The Alerts page's state, kept outside the page so a sign-in in between (after a 401) loses no unsaved edit: the saved
// settings and the draft, the last save's outcome, each channel's last test, and the history.
import { ApiFailure, type FieldError } from "../api/http.ts";
import { loadAlertHistory, loadAlertSettings, saveAlertSettings, sendTestAlert, type AlertSettings, type ChannelKind, type HistoryEntry } from "../api/alerts.ts";
import { isWithin } from "../lib/json-pointer.ts";
import { Store } from "../state/store.ts";
import { addChannel, draftOf, draftProblems, editDraft, isDirty, rebaseDraft, removeChannel, saveBody, type AlertsDraft } from "./alerts-draft.ts";

export type SaveOutcome = { kind: "saved" } | { kind: "invalid"; message: string; atFields: boolean } | { kind: "failed"; message: string };

export interface SettingsState {
  phase: "loading" | "ready" | "failed";
  loadError: string | null;
  saved: AlertSettings | null;
  /** The saved settings' ETag: a save is refused (412) when someone saved since. */
  etag: string | null;
  draft: AlertsDraft | null;
  errors: FieldError[];
  outcome: SaveOutcome | null;
  saving: boolean;
  /** Counts save outcomes: the save bar moves focus when it changes. */
  settled: number;
}

export type TestState = { phase: "sending" } | { phase: "done"; entry: HistoryEntry } | { phase: "refused"; message: string };

export interface HistoryState {
  entries: HistoryEntry[] | null;
  loading: boolean;
  error: string | null;
}

export const alertSettings = new Store<SettingsState>({ phase: "loading", loadError: null, saved: null, etag: null, draft: null, errors: [], outcome: null, saving: false, settled: 0 });
/** The last test of each saved channel, by channel id. */
export const alertTests = new Store<Readonly<Record<string, TestState>>>({});
export const alertHistory = new Store<HistoryState>({ entries: null, loading: false, error: null });

const messageOf = (error: unknown) => (error instanceof ApiFailure ? error.message : String(error));

export function hasUnsavedAlerts(): boolean {
  const { saved, draft } = alertSettings.value;
  return isDirty(saved, draft);
}

/** Reads the settings from the server, unless there are unsaved edits to keep. */
export async function loadAlerts(): Promise<void> {
  if (hasUnsavedAlerts()) return;
  alertSettings.update((state) => ({ ...state, phase: state.saved ? "ready" : "loading", loadError: null }));
  try {
    const { settings: saved, etag } = await loadAlertSettings();
    // Edits made while the answer was on its way are kept.
    if (hasUnsavedAlerts()) return;
    alertSettings.update((state) => ({ ...state, phase: "ready", saved, etag, draft: draftOf(saved), errors: [] }));
  } catch (error) {
    alertSettings.update((state) => ({ ...state, phase: state.saved ? "ready" : "failed", loadError: messageOf(error) }));
  }
}

function changeDraft(change: (draft: AlertsDraft) => AlertsDraft, clearErrorsAt?: string): void {
  alertSettings.update((state) => {
    if (!state.draft) return state;
    const errors = clearErrorsAt === undefined ? [] : state.errors.filter((error) => !isWithin(error.path, clearErrorsAt));
    return { ...state, draft: change(state.draft), errors, outcome: state.outcome?.kind === "saved" ? null : state.outcome };
  });
}

export function editAlerts(pointer: string, value: unknown): void {
  changeDraft((draft) => editDraft(draft, pointer, value), pointer);
}

/** Adds a channel of `kind`; answers its index. */
export function addAlertChannel(kind: ChannelKind): number {
  changeDraft((draft) => addChannel(draft, kind));
  return alertSettings.value.draft!.settings.channels.length - 1;
}

export function removeAlertChannel(index: number): void {
  // Indexes move: field errors of later channels would land on the wrong one, so they go (the next save finds them again).
  changeDraft((draft) => removeChannel(draft, index));
}

export function discardAlertEdits(): void {
  alertSettings.update((state) => ({ ...state, draft: state.saved ? draftOf(state.saved) : null, errors: [], outcome: null, settled: state.settled + 1 }));
}

/** Checks the draft, then saves it; problems (found here or by the server) are put at their fields and nothing typed is lost. */
export async function saveAlerts(): Promise<void> {
  const { draft, saving, saved: base, etag } = alertSettings.value;
  if (!draft || !base || saving) return;
  const settle = (change: Partial<SettingsState>) => alertSettings.update((state) => ({ ...state, saving: false, settled: state.settled + 1, ...change }));
  const problems = draftProblems(draft);
  if (problems.length > 0) {
    settle({ errors: problems, outcome: { kind: "invalid", message: "Some settings need fixing before they can be saved:", atFields: true } });
    return;
  }
  alertSettings.update((state) => ({ ...state, saving: true }));
  try {
    const { settings: saved, etag: newEtag } = await saveAlertSettings(saveBody(base, draft), etag);
    // Edits made during the save stay unsaved; otherwise the draft is the saved settings (typed secrets leave memory).
    const current = alertSettings.value.draft;
    const editedMeanwhile = current !== draft;
    settle({ saved, etag: newEtag, draft: editedMeanwhile ? current : draftOf(saved), errors: [], outcome: { kind: "saved" } });
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 412) {
      await settleAfterConflict(settle);
    } else if (error instanceof ApiFailure && error.status === 422) {
      settle({ errors: error.fieldErrors, outcome: { kind: "invalid", message: `The server refused these settings: ${error.message}`, atFields: error.fieldErrors.length > 0 } });
    } else {
      settle({ outcome: { kind: "failed", message: `The settings were not saved: ${messageOf(error)} Your changes are still here; try again.` } });
    }
  }
}

/**
 * Someone saved since this page read the settings: their version becomes the saved one and this draft stays, so the
 * person sees what differs and a second Save knowingly replaces it.
 */
async function settleAfterConflict(settle: (change: Partial<SettingsState>) => void): Promise<void> {
  const message = "Someone else saved the alert settings since this page read them. Your changes are still here; the saved values shown are now theirs. Save again to replace them with yours, or Discard to take theirs.";
  try {
    const { settings: saved, etag } = await loadAlertSettings();
    const { saved: old, draft } = alertSettings.value;
    settle({ saved, etag, draft: old && draft ? rebaseDraft(old, saved, draft) : draft, outcome: { kind: "failed", message } });
  } catch (error) {
    settle({ outcome: { kind: "failed", message: `The settings were not saved: ${messageOf(error)} Your changes are still here; try again.` } });
  }
}

export async function refreshAlertHistory(): Promise<void> {
  alertHistory.update((state) => ({ ...state, loading: true }));
  try {
    const entries = await loadAlertHistory();
    alertHistory.set({ entries, loading: false, error: null });
  } catch (error) {
    alertHistory.update((state) => ({ ...state, loading: false, error: messageOf(error) }));
  }
}

/** Sends a test alert on the saved channel `channelId`, then refreshes the history. */
export async function testAlertChannel(channelId: string): Promise<void> {
  const set = (test: TestState) => alertTests.update((tests) => ({ ...tests, [channelId]: test }));
  set({ phase: "sending" });
  try {
    set({ phase: "done", entry: await sendTestAlert(channelId) });
  } catch (error) {
    set({ phase: "refused", message: messageOf(error) });
  }
  await refreshAlertHistory();
}
