// tgcf's state at a glance: a coloured word (the colour is never the only signal).
import type { ProcessState, ProcessStatus } from "../api/types.ts";
import { PAST_RUN_FINISHED } from "../lib/exit-outcome.ts";
import "./status-badge.css";

const STATE_WORDS: Record<ProcessState, string> = {
  stopped: "Stopped",
  starting: "Starting",
  running: "Running",
  backoff: "Restarting soon",
  stopping: "Stopping",
  exited: "Exited",
  fatal: "Failed",
};

/** A past run that went through the history ended as it should: "Finished", in the success colour, not "Exited". */
/** What the badge reads: a full status, or an instance's summary. */
type StateOnly = Pick<ProcessStatus, "state" | "lastExit">;

function finished(status: StateOnly | null): boolean {
  return status?.state === "exited" && status.lastExit?.reason === PAST_RUN_FINISHED;
}

export function stateWord(status: StateOnly | null): string {
  if (finished(status)) return "Finished";
  return status ? (STATE_WORDS[status.state] ?? status.state) : "Unknown";
}

export function StatusBadge({ status, id }: { status: StateOnly | null; id?: string }) {
  const state = finished(status) ? "finished" : (status?.state ?? "unknown");
  return (
    <span class={`badge state-${state}`} id={id}>
      <span class="badge-dot" aria-hidden="true" />
      tgcf: {stateWord(status)}
    </span>
  );
}
