// Turns a client's document into a config ready to write: secrets restored from what is stored, then strictly validated.
import { ApiError, type FieldError } from "../../utils/api-error";
import type { TgcfConfig } from "./model";
import { restoreSecrets, SECRET_PATHS, SECRET_PLACEHOLDER } from "./secrets";
import { validateConfigInput } from "./validate";
import { isPlainObject, getOwn, type JsonObject } from "./safe-object";
import { applyMergePatch } from "./merge-patch";

/** Validates a whole document (POST). `stored` is what is on disk, or null when its secrets cannot be read. */
export function configFromDocument(document: unknown, stored: TgcfConfig | JsonObject | null): TgcfConfig {
  if (!isPlainObject(document)) throw invalid([{ path: "", message: "the config must be an object" }]);
  const restored = stored ? restoreSecrets(document, stored as TgcfConfig) : document;
  const unreadable = placeholdersLeft(restored);
  if (unreadable.length > 0) throw invalid(unreadable);
  const result = validateConfigInput(restored);
  if (!result.ok) throw invalid(result.errors);
  return result.config;
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
  return new ApiError(422, "the config is not valid: see details for each field", errors);
}
