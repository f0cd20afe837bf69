// tgcf's state at a glance: a coloured word (the colour is never the only signal).
import type { ProcessState, ProcessStatus } from "../api/types.ts";

const STATE_WORDS: Record<ProcessState, string> = {
  stopped: "Stopped",
  starting: "Starting",
  running: "Running",
  backoff: "Restarting soon",
  stopping: "Stopping",
  exited: "Exited",
  fatal: "Failed",
};

export function stateWord(status: ProcessStatus | null): string {
  return status ? (STATE_WORDS[status.state] ?? status.state) : "Unknown";
}

export function StatusBadge({ status, id }: { status: ProcessStatus | null; id?: string }) {
  return (
    <span class={`badge state-${status?.state ?? "unknown"}`} id={id}>
      <span class="badge-dot" aria-hidden="true" />
      tgcf: {stateWord(status)}
    </span>
  );
}
