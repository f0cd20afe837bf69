// Line diff for comparing a backup with the current config (longest common subsequence after trimming equal ends).

export interface DiffLine {
  kind: "same" | "added" | "removed";
  text: string;
}

/** Lines of the middle part beyond which the diff gives up on alignment (the quadratic table would be too large). */
export const MAX_DIFF_CELLS = 4_000_000;

/** How `before` becomes `after`, line by line. */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const same = (text: string): DiffLine => ({ kind: "same", text });
  return [
    ...before.slice(0, start).map(same),
    ...diffMiddle(before.slice(start, endBefore), after.slice(start, endAfter)),
    ...before.slice(endBefore).map(same),
  ];
}

function diffMiddle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const removed = (text: string): DiffLine => ({ kind: "removed", text });
  const added = (text: string): DiffLine => ({ kind: "added", text });
  if (a.length * b.length > MAX_DIFF_CELLS) return [...a.map(removed), ...b.map(added)];
  const width = b.length + 1;
  // common[i * width + j] = length of the LCS of a[i..] and b[j..]
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] =
        a[i] === b[j] ? common[(i + 1) * width + j + 1]! + 1 : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
    }
  }
  const result: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      result.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (common[(i + 1) * width + j]! >= common[i * width + j + 1]!) result.push(removed(a[i++]!));
    else result.push(added(b[j++]!));
  }
  while (i < a.length) result.push(removed(a[i++]!));
  while (j < b.length) result.push(added(b[j++]!));
  return result;
}

/** A run of unchanged lines left out of view. */
export interface Fold {
  kind: "fold";
  count: number;
}

export type FoldedLine = DiffLine | Fold;

/** Unchanged lines shown around each change. */
const CONTEXT_LINES = 2;

/** The diff with long unchanged stretches folded into "…" markers. */
export function foldUnchanged(lines: readonly DiffLine[], context = CONTEXT_LINES): FoldedLine[] {
  const near = lines.map((_, i) => lines.slice(Math.max(0, i - context), i + context + 1).some((line) => line.kind !== "same"));
  const result: FoldedLine[] = [];
  lines.forEach((line, i) => {
    if (near[i]) return void result.push(line);
    const last = result[result.length - 1];
    if (last?.kind === "fold") last.count++;
    else result.push({ kind: "fold", count: 1 });
  });
  return result;
}
