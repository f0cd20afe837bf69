// Which element of a newer array of records (connections on disk now) is which element of the array the edits started from.
import { jsonEqual } from "../../src/shared/json-patch";
import { sameIdentity } from "../../src/shared/json-diff";

type JsonRecord = Record<string, unknown>;

/**
 * For each element of `before`, its index in `after`, or null when it is gone. Tried in order: the same index with the
 * same identity (without identity keys: the same index), the same identity anywhere (nearest first), the same index
 * sharing at least one identity key (renamed there, or given another source), an equal element anywhere.
 */
export function alignRecords(before: readonly JsonRecord[], after: readonly JsonRecord[], keys: readonly string[]): (number | null)[] {
  const alignment: (number | null)[] = before.map(() => null);
  const taken = new Set<number>();
  const take = (index: number, target: number) => {
    alignment[index] = target;
    taken.add(target);
  };
  before.forEach((record, index) => {
    if (index < after.length && (keys.length === 0 || sameIdentity(record, after[index]!, keys))) take(index, index);
  });
  const nearest = (index: number, matches: (candidate: JsonRecord) => boolean): number => {
    let best = -1;
    after.forEach((candidate, target) => {
      if (!taken.has(target) && matches(candidate) && (best < 0 || Math.abs(target - index) < Math.abs(best - index))) best = target;
    });
    return best;
  };
  before.forEach((record, index) => {
    if (alignment[index] !== null) return;
    const target = nearest(index, (candidate) => sameIdentity(record, candidate, keys));
    if (target >= 0) take(index, target);
  });
  before.forEach((record, index) => {
    if (alignment[index] !== null || index >= after.length || taken.has(index)) return;
    if (keys.some((key) => jsonEqual(record[key], after[index]![key]))) take(index, index);
  });
  before.forEach((record, index) => {
    if (alignment[index] !== null) return;
    const target = nearest(index, (candidate) => jsonEqual(record, candidate));
    if (target >= 0) take(index, target);
  });
  return alignment;
}
