// Keeps track of where each element of an edited array of records (a connection) came from, so a save can remove,
// add and move connections one by one instead of replacing the list (and with it offsets tgcf wrote meanwhile).
import { areRecordArrays, type ArrayOrigins } from "../../src/shared/json-diff";
import { isWithin } from "./json-pointer.ts";

/**
 * The origins once the draft's value at `pointer` went from `previous` to `next`. The forms move, remove and keep
 * elements as the same objects and make new ones for added or duplicated elements, so an element of `next` that is
 * (by reference) an element of `previous` inherits its origin, and any other is new. Origins inside the edited value
 * are dropped: a value set whole starts over.
 */
export function originsAfterEdit(origins: ArrayOrigins, pointer: string, previous: unknown, next: unknown): ArrayOrigins {
  const kept: Record<string, readonly (number | null)[]> = {};
  for (const [at, list] of Object.entries(origins)) if (!isWithin(at, pointer)) kept[at] = list;
  if (!Array.isArray(previous) || !areRecordArrays(previous, next)) return kept;
  const before = origins[pointer] ?? previous.map((_, index) => index);
  const used = new Set<number>();
  kept[pointer] = (next as unknown[]).map((element) => {
    const index = previous.findIndex((candidate, position) => candidate === element && !used.has(position));
    if (index < 0) return null;
    used.add(index);
    return before[index] ?? null;
  });
  return kept;
}

/** The origins without those inside any of `pointers` (values put back as saved). */
export function originsOutside(origins: ArrayOrigins, pointers: readonly string[]): ArrayOrigins {
  return Object.fromEntries(Object.entries(origins).filter(([at]) => !pointers.some((pointer) => isWithin(at, pointer))));
}
