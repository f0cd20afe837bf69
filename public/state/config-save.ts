// Saving: a page sends only its changes, as JSON Patch operations guarded by tests of the values they started from.
// Changes made meanwhile elsewhere (tgcf moving an offset, another tab) are kept by the server; a refused test (409)
// brings the newer config, the edits are moved onto it, and only fields changed on both sides are left to the person.
import { ApiFailure, request, type FieldError } from "../api/http.ts";
import type { ConfigWithWarnings } from "../api/types.ts";
import { applyJsonPatch, JsonPatchError, type JsonPatchOperation } from "../../src/shared/json-patch";
import { topLevelKey, type FieldConflict } from "../lib/three-way-merge.ts";
import { acceptSaved, CONFIG_URL, configState, discardPart, fetchConfig, loadConfig, partOperations, rebaseOnto } from "./config-store.ts";

/** Where a body the server could not parse went wrong (400 details). */
export interface TextLocation {
  line: number;
  column?: number;
}

export type SaveOutcome =
  | { kind: "saved" }
  | { kind: "invalid"; message: string; errors: FieldError[]; location?: TextLocation }
  /** `conflicts`: fields changed both on disk and here, each to be settled; empty when the whole file is in question (412). */
  | { kind: "conflict"; message: string; conflicts: FieldConflict[] }
  | { kind: "failed"; message: string };

const JSON_PATCH = "application/json-patch+json";
/** Times a save is merged and sent again when the file keeps changing under it (tgcf writing offsets). */
const MAX_AUTO_MERGES = 3;
const FIELD_CONFLICT_MESSAGE = "The file changed (by tgcf, another tab or by hand) since this page read it. Choose a value for each field; all other changes, yours and theirs, are merged.";
const RESTLESS_MESSAGE = "The configuration kept changing on disk while saving (is tgcf writing it?). Try again in a moment.";

/** Saves the unsaved edits to the top-level `keys`. */
export async function savePart(keys: readonly string[]): Promise<SaveOutcome> {
  for (let merges = 0; ; merges++) {
    const operations = partOperations(keys);
    if (operations.length === 0) return { kind: "saved" };
    const sent = configState.value.draft ?? undefined;
    try {
      const { data, headers } = await request<ConfigWithWarnings>(CONFIG_URL, { method: "PATCH", body: operations, contentType: JSON_PATCH });
      acceptSaved(data.config, headers.get("etag"), keys, data.warnings, sent);
      return { kind: "saved" };
    } catch (error) {
      if (!(error instanceof ApiFailure) || (error.status !== 409 && error.status !== 422)) return saveFailure(error);
      const settled = await mergeAfterRefusal(error, operations, keys);
      if (settled) return settled;
      if (merges + 1 >= MAX_AUTO_MERGES) return { kind: "conflict", message: RESTLESS_MESSAGE, conflicts: [] };
    }
  }
}

/**
 * After a 409 (a test failed) or a 422: reads the config again. A 422 whose operations apply to it was the config's
 * own validation, shown as such. Otherwise the edits move onto it: fields changed on both sides come back for the
 * person to settle, and with none left (null) the caller sends the merged edits again.
 */
async function mergeAfterRefusal(refusal: ApiFailure, operations: JsonPatchOperation[], keys: readonly string[]): Promise<SaveOutcome | null> {
  let fresh;
  try {
    fresh = await fetchConfig();
  } catch (error) {
    return saveFailure(error);
  }
  if (refusal.status === 422 && appliesTo(fresh.config, operations)) return saveFailure(refusal);
  const conflicts = rebaseOnto(fresh).filter((conflict) => keys.includes(topLevelKey(conflict.path)));
  return conflicts.length > 0 ? { kind: "conflict", message: FIELD_CONFLICT_MESSAGE, conflicts } : null;
}

function appliesTo(config: unknown, operations: JsonPatchOperation[]): boolean {
  try {
    applyJsonPatch(config, operations);
    return true;
  } catch (error) {
    if (error instanceof JsonPatchError) return false;
    throw error;
  }
}

/** POST api/config: replaces the whole config with `text` (JSON or YAML), if it is still the version read. */
export async function saveWholeConfig(text: string, contentType: "application/json" | "application/yaml"): Promise<SaveOutcome> {
  try {
    const { data, headers } = await request<ConfigWithWarnings>(CONFIG_URL, { method: "POST", body: text, contentType, ifMatch: configState.value.etag });
    acceptSaved(data.config, headers.get("etag"), "all", data.warnings);
    return { kind: "saved" };
  } catch (error) {
    return saveFailure(error);
  }
}

/** What a failed save means for the person who made it. */
export function saveFailure(error: unknown): SaveOutcome {
  if (!(error instanceof ApiFailure)) throw error;
  if (error.status === 412) return { kind: "conflict", message: "The configuration was changed elsewhere (by tgcf, another tab or by hand) since this page loaded it.", conflicts: [] };
  if (error.status === 422) return { kind: "invalid", message: error.message, errors: error.fieldErrors };
  if (error.status === 400) return { kind: "invalid", message: error.message, errors: [], location: textLocation(error.details) };
  return { kind: "failed", message: error.message };
}

function textLocation(details: unknown): TextLocation | undefined {
  const { line, column } = (details ?? {}) as { line?: unknown; column?: unknown };
  if (typeof line !== "number") return undefined;
  return typeof column === "number" ? { line, column } : { line };
}

/** Reloads the config (the edits move onto it) and saves `keys` again: only fields the person changed are sent. */
export async function reapplyPart(keys: readonly string[]): Promise<SaveOutcome> {
  await loadConfig();
  if (configState.value.phase !== "ready") return { kind: "failed", message: configState.value.message || "Could not reload the configuration." };
  return savePart(keys);
}

/** After a conflict: drops the edits to `keys` (or all) and reloads the config. */
export async function reloadDiscarding(keys: readonly string[] | "all"): Promise<void> {
  if (keys === "all") configState.set({ ...configState.value, draft: configState.value.saved, origins: {} });
  else discardPart(keys);
  await loadConfig();
}
