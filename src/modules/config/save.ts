// Turns a client's document into a config ready to write: secrets restored from what is stored, then strictly validated.
// Values already on disk that tgcf accepts but the strict model does not (mode 5, user_type 2) never block a save that
// leaves them alone: they are kept as they are.
import { MAX_BODY_BYTES } from "../../utils/body-limit";
import { ApiError, type FieldError } from "../../utils/api-error";
import { getAt, setAt } from "../../shared/json-pointer";
import { applyJsonPatch, JsonPatchError, jsonEqual, parseJsonPatch } from "../../shared/json-patch";
import type { TgcfConfig } from "./model";
import { redactSecrets, restoreSecrets, SECRET_PATHS, SECRET_PLACEHOLDER } from "./secrets";
import { readConfigInput } from "./validate";
import { isPlainObject, getOwn, type JsonObject } from "./safe-object";
import { applyMergePatch } from "./merge-patch";
import { replaceRulesAsYaml } from "./replace-text";

/** Validates a whole document (POST). `stored` is what is on disk, or null when its secrets cannot be read. */
export function configFromDocument(document: unknown, stored: TgcfConfig | JsonObject | null): TgcfConfig {
  if (!isPlainObject(document)) throw invalid([{ path: "", message: "the config must be an object" }]);
  const restored = stored ? restoreSecrets(document, stored as TgcfConfig) : document;
  const unreadable = placeholdersLeft(restored);
  if (unreadable.length > 0) throw invalid(unreadable);
  const { value, errors } = readConfigInput(restored);
  if (errors.length === 0) return keepReplaceRulesInStep(value as TgcfConfig, stored);
  // An error where the document holds just what is stored is a value the person did not touch: keep it as it is.
  const untouched = errors.filter((error) => stored !== null && error.path !== "" && jsonEqual(getAt(restored, error.path), getAt(stored, error.path)));
  const blocking = errors.filter((error) => !untouched.includes(error));
  if (blocking.length > 0) throw invalid(blocking);
  const kept = untouched.reduce<unknown>((config, error) => setAt(config, error.path, structuredClone(getAt(stored, error.path))), value);
  return keepReplaceRulesInStep(kept as TgcfConfig, stored);
}

/** Applies an RFC 7396 merge patch (PATCH) to the stored config and validates the result. */
export function configFromMergePatch(patch: unknown, current: TgcfConfig): TgcfConfig {
  if (!isPlainObject(patch)) throw invalid([{ path: "", message: "a merge patch of the config must be an object" }]);
  let merged: unknown;
  try {
    merged = applyMergePatch(current, patch);
  } catch (error) {
    throw new ApiError(400, `the patch is not valid JSON data: ${(error as Error).message}`);
  }
  return configFromDocument(merged, current);
}

/**
 * Applies an RFC 6902 JSON Patch (PATCH with application/json-patch+json) to the config as the API shows it (secrets
 * redacted, so `test` compares what the client read), then validates the result like any save. Failed tests: 409.
 */
export function configFromJsonPatch(patch: unknown, current: TgcfConfig): TgcfConfig {
  let patched: unknown;
  try {
    patched = applyJsonPatch(redactSecrets(current), parseJsonPatch(patch), { maxCopiedChars: MAX_BODY_BYTES });
  } catch (error) {
    if (!(error instanceof JsonPatchError)) throw error;
    const status = error.kind === "malformed" ? 400 : error.kind === "conflict" ? 409 : error.kind === "too-large" ? 413 : 422;
    throw new ApiError(status, error.message, error.problems);
  }
  return configFromDocument(patched, current);
}

/** tgcf's own Plugins page rebuilds `replace.text` from `replace.text_raw`: when only `text` changed, rewrite the raw text. */
function keepReplaceRulesInStep(config: TgcfConfig, stored: TgcfConfig | JsonObject | null): TgcfConfig {
  const rules = getAt(config, "/plugins/replace/text");
  const textChanged = !jsonEqual(rules, getAt(stored, "/plugins/replace/text"));
  const rawChanged = getAt(config, "/plugins/replace/text_raw") !== getAt(stored, "/plugins/replace/text_raw");
  if (!textChanged || rawChanged) return config;
  return setAt(config, "/plugins/replace/text_raw", replaceRulesAsYaml(rules));
}

function placeholdersLeft(document: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const path of SECRET_PATHS) {
    let node: unknown = document;
    for (const key of path) node = isPlainObject(node) ? getOwn(node, key) : undefined;
    if (node === SECRET_PLACEHOLDER) {
      errors.push({ path: "/" + path.join("/"), message: "the stored value could not be read from the damaged file: enter this secret again" });
    }
  }
  return errors;
}

function invalid(errors: FieldError[]): ApiError {
  const message = errors.length === 1 ? `the config is not valid: ${errors[0]!.path || "the document"} ${errors[0]!.message}` : `the config is not valid: ${errors.length} fields need fixing (see details)`;
  return new ApiError(422, message, errors);
}
