// How tgcf last ended, for a person: finished, stopped, or failed with its cause, what to do and where, its last lines;
// and, while it waits to restart, when the next start comes.
import { pageHash } from "../state/instance.ts";
import type { ProcessStatusReport } from "../api/process-types.ts";
import { useNow } from "../components/use-now.ts";
import { formatDateTime, formatDuration } from "../lib/format.ts";
import { exitOutcome, outcomeWords, pageOfPointer, secondsUntil } from "../lib/exit-outcome.ts";
import { PAGES } from "../state/router.ts";
import "./last-exit.css";

function exitHow(code: number | null, signal: string | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code ?? "?"}`;
}

export function NextStart({ nextStartAt }: { nextStartAt: string | null }) {
  const now = useNow(nextStartAt !== null);
  if (nextStartAt === null) return null;
  return (
    <p class="next-start" role="status">
      Next start in <strong>{formatDuration(secondsUntil(nextStartAt, now))}</strong> (at {formatDateTime(nextStartAt)})
    </p>
  );
}

export function LastExitPanel({ status }: { status: ProcessStatusReport | null }) {
  const lastExit = status?.lastExit ?? null;
  const outcome = status ? exitOutcome(status.state, lastExit) : null;
  if (!status || !lastExit || !outcome) return null;
  const { cause } = lastExit;
  const fixPage = pageOfPointer(cause?.hint?.field ?? null);
  return (
    <section class={`last-exit outcome-${outcome}`} aria-labelledby="last-exit-title" role={outcome === "failed" ? "alert" : undefined}>
      <h3 id="last-exit-title">
        {outcomeWords(outcome)}
        <span class="last-exit-when">
          {" "}
          ({exitHow(lastExit.code, lastExit.signal)}, {formatDateTime(lastExit.at)})
        </span>
      </h3>
      {outcome === "failed" && cause && <p class="exit-cause">{cause.text}</p>}
      {outcome === "failed" && cause?.hint && (
        <p class="exit-hint">
          {cause.hint.hint}
          {fixPage && (
            <>
              {" "}
              <a href={pageHash(fixPage)}>Go to {PAGES.find((page) => page.id === fixPage)?.title}</a>
            </>
          )}
        </p>
      )}
      {outcome === "failed" && <p class="exit-reason">{lastExit.reason}</p>}
      {status.state === "backoff" && <NextStart nextStartAt={status.nextStartAt} />}
      {outcome === "failed" && lastExit.lastLines.length > 0 && (
        <details class="exit-lines">
          <summary>tgcf's last {lastExit.lastLines.length} lines</summary>
          <pre>{lastExit.lastLines.join("\n")}</pre>
        </details>
      )}
    </section>
  );
}
