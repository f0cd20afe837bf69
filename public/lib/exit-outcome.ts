// What the last exit of tgcf means for a person: it finished, a person stopped it, or it failed (and why).
import type { LastExit, ProcessState } from "../api/process-types.ts";
import type { PageId } from "../state/router.ts";
import { PAGE_PARTS } from "./page-parts.ts";
import { PAST_RUN_FINISHED } from "../../src/shared/process-words";

export { PAST_RUN_FINISHED };

export type ExitOutcome = "finished" | "stopped" | "failed";

/** Success is not shown as failure: a finished past run and a requested stop are not errors. */
export function exitOutcome(state: ProcessState, lastExit: LastExit | null): ExitOutcome | null {
  if (!lastExit) return null;
  if (lastExit.reason === PAST_RUN_FINISHED) return "finished";
  if (lastExit.reason.startsWith("stopped by ") && state !== "fatal") return "stopped";
  return "failed";
}

export function outcomeWords(outcome: ExitOutcome): string {
  return outcome === "finished" ? "Finished: the past run went through the history" : outcome === "stopped" ? "Stopped" : "Failed";
}

/** The page that edits the config field at `pointer` ("/login/BOT_TOKEN" → account), or null. */
export function pageOfPointer(pointer: string | null): PageId | null {
  if (pointer === null) return null;
  const top = pointer.split("/")[1] ?? "";
  const entry = Object.entries(PAGE_PARTS).find(([, parts]) => (parts as readonly string[]).includes(top));
  return entry ? (entry[0] as PageId) : pointer === "" ? "advanced" : null;
}

/** Whole seconds from `now` until `iso`, never below 0. */
export function secondsUntil(iso: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}
