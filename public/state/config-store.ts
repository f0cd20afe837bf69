// The config the edits started from (with its ETag and warnings) and the person's draft of it. Pages save their part
// as JSON Patch operations (config-save.ts); newer configs from the server take the unsaved edits along (rebase).
import { instanceApi } from "./instance.ts";
import { ApiFailure, request, type FieldError } from "../api/http.ts";
import type { Config, ConfigWarning, ConfigWithWarnings } from "../api/types.ts";
import { diffToJsonPatch, type ArrayOrigins } from "../../src/shared/json-diff";
import type { JsonPatchOperation } from "../../src/shared/json-patch";
import { resolveConflict, type ConflictChoice } from "../lib/conflict-choice.ts";
import { putAt, withKeysFrom } from "../lib/document-edit.ts";
import { originsAfterEdit, originsOutside } from "../lib/draft-origins.ts";
import { childPointer, getAt } from "../lib/json-pointer.ts";
import { deepEqual, pickKeys } from "../lib/merge-patch.ts";
import { configPatchOptions } from "../lib/patch-policy.ts";
import type { SchemaNode } from "../lib/schema-node.ts";
import { pendingFromStorage, storedEditsOf, type PendingEdits } from "../lib/stored-edits.ts";
import { rebase, type FieldConflict } from "../lib/three-way-merge.ts";
import { Store } from "./store.ts";
import { forgetUnsavedEdits, readUnsavedEdits, storeUnsavedEdits } from "./unsaved-storage.ts";

export interface ConfigState {
  phase: "idle" | "loading" | "ready" | "invalid-file" | "failed";
  schema: SchemaNode | null;
  /** The config the draft's edits started from: the newest the server sent, except at unresolved conflicts. */
  saved: Config | null;
  etag: string | null;
  draft: Config | null;
  /** Where each element of a restructured list of records (connections) came from in `saved`. */
  origins: ArrayOrigins;
  /** What tgcf will ignore or read differently in the config on disk. */
  warnings: ConfigWarning[];
  /** When the file on disk is not valid (GET answered 422): its errors and its text, secrets redacted. */
  fileErrors: FieldError[];
  rawFile: string;
  message: string;
}

/** The config with its warnings, as every read and save asks for it. */
export const CONFIG_URL = instanceApi("config?with=warnings");

const EMPTY: ConfigState = { phase: "idle", schema: null, saved: null, etag: null, draft: null, origins: {}, warnings: [], fileErrors: [], rawFile: "", message: "" };

export const configState = new Store<ConfigState>(EMPTY);

configState.subscribe((state) => {
  if (state.saved && state.draft) storeUnsavedEdits(storedEditsOf(state.saved, state.draft, state.origins));
});

export interface FreshConfig {
  config: Config;
  warnings: ConfigWarning[];
  etag: string | null;
}

/** GET api/config with its warnings. */
export async function fetchConfig(): Promise<FreshConfig> {
  const { data, headers } = await request<ConfigWithWarnings>(CONFIG_URL);
  return { config: data.config, warnings: data.warnings ?? [], etag: headers.get("etag") };
}

function pendingEdits(state: ConfigState): PendingEdits | undefined {
  return state.saved && state.draft ? { base: state.saved, draft: state.draft, origins: state.origins } : undefined;
}

/** The edits of `pending` moved onto `fresh`, with the conflicts left (their saved value stays, so a save shows them). */
function rebased(fresh: Config, pending: PendingEdits | undefined, schema: SchemaNode | null) {
  if (!pending) return { saved: fresh, draft: fresh, origins: {}, conflicts: [] as FieldConflict[] };
  const result = rebase(pending.base, pending.draft, fresh, configPatchOptions(schema, pending.origins));
  return { saved: result.base as Config, draft: result.draft as Config, origins: result.origins, conflicts: result.conflicts };
}

/** (Re)loads schema and config; unsaved edits (in memory, else from this tab's storage) are moved onto it. */
export async function loadConfig(): Promise<void> {
  const before = configState.value;
  configState.set({ ...before, phase: before.saved ? before.phase : "loading" });
  let schema = before.schema;
  try {
    schema ??= (await request<SchemaNode>(instanceApi("config/schema"))).data;
    const fresh = await fetchConfig();
    const pending = pendingEdits(configState.value) ?? pendingFromStorage(readUnsavedEdits(), fresh.config);
    const { conflicts: _left, ...edits } = rebased(fresh.config, pending, schema);
    configState.set({ ...EMPTY, phase: "ready", schema, etag: fresh.etag, warnings: fresh.warnings, ...edits });
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    if (error.status === 401) return configState.set({ ...configState.value, phase: before.phase === "ready" ? "ready" : "idle" });
    const details = error.details as { errors?: FieldError[]; raw?: string } | undefined;
    if (error.status === 422 && details?.errors) {
      configState.set({ ...EMPTY, schema, phase: "invalid-file", fileErrors: details.errors, rawFile: details.raw ?? "", message: error.message });
    } else configState.set({ ...configState.value, schema, phase: "failed", message: error.message });
  }
}

/** Moves the unsaved edits onto `fresh` (after a refused save) and returns the conflicts left. */
export function rebaseOnto(fresh: FreshConfig): FieldConflict[] {
  const state = configState.value;
  const { conflicts, ...edits } = rebased(fresh.config, pendingEdits(state), state.schema);
  configState.set({ ...state, phase: "ready", etag: fresh.etag, warnings: fresh.warnings, ...edits });
  return conflicts;
}

/** Changes the draft at `pointer`; undefined removes the key there (a key tgcf does not know). */
export function editDraft(pointer: string, value: unknown): void {
  configState.update((state) => {
    if (!state.draft) return state;
    return { ...state, draft: putAt(state.draft, pointer, value), origins: originsAfterEdit(state.origins, pointer, getAt(state.draft, pointer), value) };
  });
}

/** The JSON Patch of the unsaved edits to the top-level `keys`, each guarded by tests of the values it started from. */
export function partOperations(keys: readonly string[], state: ConfigState = configState.value): JsonPatchOperation[] {
  return diffToJsonPatch(pickKeys(state.saved, keys), pickKeys(state.draft, keys), configPatchOptions(state.schema, state.origins));
}

export function isPartDirty(keys: readonly string[], state: ConfigState = configState.value): boolean {
  return !deepEqual(pickKeys(state.saved, keys), pickKeys(state.draft, keys));
}

const pointersOf = (keys: readonly string[]) => keys.map((key) => childPointer("", key));

/** Throws away the unsaved edits to `keys`. */
export function discardPart(keys: readonly string[]): void {
  configState.update((state) => {
    if (!state.saved || !state.draft) return state;
    return { ...state, draft: withKeysFrom(state.draft, structuredClone(pickKeys(state.saved, keys)), keys), origins: originsOutside(state.origins, pointersOf(keys)) };
  });
}

/** Settles conflicts as the person chose (see resolveConflict); the next save sends what is left. */
export function resolveConflicts(conflicts: readonly FieldConflict[], choices: Readonly<Record<string, ConflictChoice>>): void {
  configState.update((state) => {
    if (!state.saved || !state.draft) return state;
    let edits = { base: state.saved, draft: state.draft, origins: state.origins };
    for (const conflict of conflicts) {
      const choice = choices[conflict.path];
      if (choice) edits = resolveConflict(edits, conflict, choice);
    }
    return { ...state, saved: edits.base, draft: edits.draft, origins: edits.origins };
  });
}

/**
 * Takes a config the server just saved. `savedKeys` are now as saved; unsaved edits elsewhere move onto it. `sent` is
 * the draft as it was sent: edits typed while the save was under way stay unsaved on top. Without `warnings` (a
 * restore answers the config alone) they are fetched afterwards.
 */
export function acceptSaved(saved: Config, etag: string | null, savedKeys: readonly string[] | "all", warnings?: ConfigWarning[], sent?: Config): void {
  const state = configState.value;
  let pending = pendingEdits(state);
  if (savedKeys === "all") pending = undefined;
  else if (pending) {
    const origins = originsOutside(pending.origins, pointersOf(savedKeys));
    const draft = sent ? pending.draft : withKeysFrom(pending.draft, saved, savedKeys);
    pending = { base: withKeysFrom(pending.base, sent ?? saved, savedKeys), draft, origins };
  }
  const { conflicts: _left, ...edits } = rebased(saved, pending, state.schema);
  configState.set({ ...state, phase: "ready", etag, warnings: warnings ?? state.warnings, fileErrors: [], rawFile: "", message: "", ...edits });
  if (!warnings) void refreshWarnings(etag);
}

/** Reads the warnings again, for the config with `etag` (dropped if the config changed meanwhile). */
async function refreshWarnings(etag: string | null): Promise<void> {
  try {
    const fresh = await fetchConfig();
    if (fresh.etag === etag && configState.value.etag === etag) configState.set({ ...configState.value, warnings: fresh.warnings });
  } catch (error) {
    // The warnings stay as they were; the next load or save brings them (a failed request is shown by that one).
    if (!(error instanceof ApiFailure)) throw error;
  }
}

/** Forgets everything (sign-out). */
export function resetConfig(): void {
  configState.set(EMPTY);
  forgetUnsavedEdits();
}

export { reloadDiscarding, saveFailure, saveWholeConfig, type SaveOutcome, type TextLocation } from "./config-save.ts";
