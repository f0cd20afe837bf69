// The config as last saved (with its ETag) and the user's draft of it; saves send merge patches of one page's part.
import { ApiFailure, request, type FieldError } from "../api/http.ts";
import type { Config } from "../api/types.ts";
import { applyMergePatch, createMergePatch, deepEqual, pickKeys } from "../lib/merge-patch.ts";
import { setAt } from "../lib/json-pointer.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { Store } from "./store.ts";
import { forgetUnsavedEdits, readUnsavedEdits, storeUnsavedEdits } from "./unsaved-storage.ts";

export interface ConfigState {
  phase: "idle" | "loading" | "ready" | "invalid-file" | "failed";
  schema: SchemaNode | null;
  saved: Config | null;
  etag: string | null;
  draft: Config | null;
  /** When the file on disk is not valid (GET answered 422): its errors and its text, secrets redacted. */
  fileErrors: FieldError[];
  rawFile: string;
  message: string;
}

/** Where a body the server could not parse went wrong (400 details). */
export interface TextLocation {
  line: number;
  column?: number;
}

export type SaveOutcome =
  | { kind: "saved" }
  | { kind: "invalid"; message: string; errors: FieldError[]; location?: TextLocation }
  | { kind: "conflict"; message: string }
  | { kind: "failed"; message: string };

const EMPTY: ConfigState = { phase: "idle", schema: null, saved: null, etag: null, draft: null, fileErrors: [], rawFile: "", message: "" };

export const configState = new Store<ConfigState>(EMPTY);

configState.subscribe((state) => {
  if (state.saved && state.draft) storeUnsavedEdits(createMergePatch(state.saved, state.draft));
});

/** Every unsaved edit, as a merge patch on the saved config. */
function unsavedPatch(state: ConfigState): unknown {
  if (!state.saved || !state.draft) return readUnsavedEdits();
  return createMergePatch(state.saved, state.draft);
}

/** (Re)loads schema and config; unsaved edits (in memory, else from this tab's storage) are replayed on top. */
export async function loadConfig(): Promise<void> {
  const before = configState.value;
  const pending = unsavedPatch(before);
  configState.set({ ...before, phase: before.saved ? before.phase : "loading" });
  let schema = before.schema;
  try {
    schema ??= (await request<SchemaNode>("api/config/schema")).data;
    const { data, headers } = await request<Config>("api/config");
    const draft = pending === undefined ? data : (applyMergePatch(data, pending) as Config);
    configState.set({ ...EMPTY, phase: "ready", schema, saved: data, etag: headers.get("etag"), draft });
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    if (error.status === 401) return configState.set({ ...configState.value, phase: before.phase === "ready" ? "ready" : "idle" });
    const details = error.details as { errors?: FieldError[]; raw?: string } | undefined;
    if (error.status === 422 && details?.errors) {
      configState.set({ ...EMPTY, schema, phase: "invalid-file", fileErrors: details.errors, rawFile: details.raw ?? "", message: error.message });
    } else configState.set({ ...configState.value, schema, phase: "failed", message: error.message });
  }
}

/** Changes the draft at `pointer`. */
export function editDraft(pointer: string, value: unknown): void {
  configState.update((state) => (state.draft ? { ...state, draft: setAt(state.draft, pointer, value) } : state));
}

/** The merge patch of the unsaved edits to the top-level `keys`, or undefined when there are none. */
export function partPatch(keys: readonly string[], state: ConfigState = configState.value): unknown {
  return createMergePatch(pickKeys(state.saved, keys), pickKeys(state.draft, keys));
}

export function isPartDirty(keys: readonly string[], state: ConfigState = configState.value): boolean {
  return !deepEqual(pickKeys(state.saved, keys), pickKeys(state.draft, keys));
}

/** Throws away the unsaved edits to `keys`. */
export function discardPart(keys: readonly string[]): void {
  configState.update((state) => {
    if (!state.saved || !state.draft) return state;
    return { ...state, draft: { ...state.draft, ...structuredClone(pickKeys(state.saved, keys)) } };
  });
}

/** Takes a config the server just saved; unsaved edits elsewhere stay (replayed on it). */
export function acceptSaved(saved: Config, etag: string | null, savedKeys: readonly string[] | "all"): void {
  const state = configState.value;
  let pending = state.saved && state.draft ? createMergePatch(state.saved, state.draft) : undefined;
  if (savedKeys === "all") pending = undefined;
  else if (pending && typeof pending === "object") for (const key of savedKeys) delete (pending as Config)[key];
  const draft = pending === undefined ? saved : (applyMergePatch(saved, pending) as Config);
  configState.set({ ...state, phase: "ready", saved, etag, draft, fileErrors: [], rawFile: "", message: "" });
}

/** PATCH api/config with `patch` and the current ETag. */
export async function savePatch(patch: unknown): Promise<SaveOutcome> {
  return sendConfig("PATCH", patch, "application/merge-patch+json", Object.keys(patch as Config));
}

/** POST api/config: replaces the whole config with `text` (JSON or YAML). */
export async function saveWholeConfig(text: string, contentType: "application/json" | "application/yaml"): Promise<SaveOutcome> {
  return sendConfig("POST", text, contentType, "all");
}

async function sendConfig(method: string, body: unknown, contentType: string, keys: readonly string[] | "all"): Promise<SaveOutcome> {
  try {
    const { data, headers } = await request<Config>("api/config", { method, body, contentType, ifMatch: configState.value.etag });
    acceptSaved(data, headers.get("etag"), keys);
    return { kind: "saved" };
  } catch (error) {
    return saveFailure(error);
  }
}

/** What a failed save means for the person who made it. */
export function saveFailure(error: unknown): SaveOutcome {
  if (!(error instanceof ApiFailure)) throw error;
  if (error.status === 412) return { kind: "conflict", message: "The configuration was changed elsewhere (by tgcf, another tab or by hand) since this page loaded it." };
  if (error.status === 422) return { kind: "invalid", message: error.message, errors: error.fieldErrors };
  if (error.status === 400) return { kind: "invalid", message: error.message, errors: [], location: textLocation(error.details) };
  return { kind: "failed", message: error.message };
}

function textLocation(details: unknown): TextLocation | undefined {
  const { line, column } = (details ?? {}) as { line?: unknown; column?: unknown };
  if (typeof line !== "number") return undefined;
  return typeof column === "number" ? { line, column } : { line };
}

/** After a conflict: reloads the config and sends the same patch again on top of it. */
export async function reapplyPatch(patch: unknown): Promise<SaveOutcome> {
  await loadConfig();
  if (configState.value.phase !== "ready") return { kind: "failed", message: configState.value.message || "Could not reload the configuration." };
  return savePatch(patch);
}

/** After a conflict: reloads the config and drops the edits to `keys`. */
export async function reloadDiscarding(keys: readonly string[] | "all"): Promise<void> {
  if (keys === "all") configState.set({ ...configState.value, draft: configState.value.saved });
  else discardPart(keys);
  await loadConfig();
}

/** Forgets everything (sign-out). */
export function resetConfig(): void {
  configState.set(EMPTY);
  forgetUnsavedEdits();
}
