// JSON Merge Patch (RFC 7396), pure: neither the target nor the patch is modified.
import type { FieldError } from "../../utils/api-error";
import { copyJsonValue, getOwn, isPlainObject, safeEntries, setOwn, type JsonObject } from "./safe-object";

/**
 * Applies `patch` to `target`: objects merge key by key, `null` deletes a key (a deleted model field
 * returns to its default when the result is validated), anything else — arrays included — replaces whole.
 * `__proto__` keys are ignored. Throws TypeError if the patch holds values JSON cannot (NaN, dates...).
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return copyPatchValue(patch);
  const result: JsonObject = {};
  const targetEntries = isPlainObject(target) ? safeEntries(target) : [];
  // Keys keep their place in the target; keys new to it follow in the patch's order.
  for (const [key, value] of targetEntries) {
    const change = getOwn(patch, key);
    if (change === undefined) setOwn(result, key, structuredClone(value));
    else if (change !== null) setOwn(result, key, applyMergePatch(value, change));
  }
  const targetKeys = new Set(targetEntries.map(([key]) => key));
  for (const [key, value] of safeEntries(patch)) {
    if (value !== null && value !== undefined && !targetKeys.has(key)) setOwn(result, key, applyMergePatch(undefined, value));
  }
  return result;
}

function copyPatchValue(value: unknown): unknown {
  const problems: FieldError[] = [];
  const copy = copyJsonValue(value, "", problems);
  const [problem] = problems;
  if (problem) throw new TypeError(`merge patch value at "${problem.path}" ${problem.message}`);
  return copy;
}
