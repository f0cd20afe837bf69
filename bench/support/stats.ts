// Small numeric and printing helpers shared by the scenario scripts.
import { parseArgs } from "node:util";

export const DEFAULT_REPEATS = 2;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "12.3 (11.0–13.1)": the median of the runs and their range. */
export function spread(values: readonly number[], digits = 0): string {
  if (values.length === 0) return "–";
  const format = (value: number) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (values.length === 1) return format(values[0]!);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

/** A Markdown table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** --repeats N (default DEFAULT_REPEATS) from the command line. */
export function repeatsFromArgs(): number {
  const { values } = parseArgs({ options: { repeats: { type: "string" } }, strict: false });
  const repeats = Number(values.repeats ?? DEFAULT_REPEATS);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 10) throw new Error("--repeats must be 1 to 10");
  return repeats;
}

/** Prints the scenario's numbers as one JSON line that run-all.ts keeps. */
export function printJson(scenario: string, data: unknown): void {
  console.log(`RESULT ${JSON.stringify({ scenario, data })}`);
}

/** Whether a goal holds over the runs: in every run, only for the median run, or not. */
export function goal(values: readonly number[], holds: (value: number) => boolean): string {
  const passed = values.filter(holds).length;
  if (passed === values.length) return `met in ${passed} of ${values.length} runs`;
  return holds(median(values)) ? `met by the median, ${passed} of ${values.length} runs` : `NOT met (${passed} of ${values.length} runs)`;
}
