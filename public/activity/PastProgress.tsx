// Past mode's progress per connection: a bar from the last forwarded message id to the connection's end, and the
// facts behind it. The Activity page shows it in full, the Run page compact while a past run goes on.
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import type { ConnectionActivity, PastProgress } from "../api/activity.ts";
import { statusState } from "../state/status-store.ts";
import { useStore } from "../state/store.ts";
import { pageHash } from "../state/instance.ts";
import { connectionLabel, NO_END_WORDS, pastBar, pastFacts, pastStateWords, pastValueText } from "./activity-words.ts";
import { useActivityCounters } from "./use-activity.ts";
import "./activity.css";

type WithPast = ConnectionActivity & { past: PastProgress };

/** The connections that have past-mode progress in the current or last run. */
export function withPast(connections: readonly ConnectionActivity[]): WithPast[] {
  return connections.filter((connection): connection is WithPast => connection.past !== null);
}

function PastProgressItem({ connection, compact }: { connection: WithPast; compact: boolean }) {
  const { past } = connection;
  const name = neutraliseText(connectionLabel(connection.name, connection.index));
  const bar = pastBar(past);
  const labelId = `past-${compact ? "compact" : "full"}-${connection.index}`;
  const facts = pastFacts(past);
  return (
    <li class={`past-item${past.current ? " is-current" : ""}`}>
      <p class="past-head">
        <span id={labelId} class="past-name">
          {name}
        </span>
        <span class="past-state">{pastStateWords(past)}</span>
      </p>
      {(bar || past.current) && (
        <progress
          class="past-bar"
          aria-labelledby={labelId}
          aria-valuetext={pastValueText(past)}
          {...(bar ? { value: bar.value, max: bar.max } : {})}
        />
      )}
      {past.end === null && <p class="past-no-end">{NO_END_WORDS}</p>}
      {compact ? (
        <p class="past-line">{facts.map(([term, value]) => `${term}: ${value}`).join(" · ")}</p>
      ) : (
        <dl class="facts past-facts">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

/** One item per connection with past-mode progress; nothing when there is none. */
export function PastProgressList({ connections, compact = false }: { connections: readonly ConnectionActivity[]; compact?: boolean }) {
  const shown = withPast(connections);
  if (shown.length === 0) return null;
  return (
    <ul class={`past-list${compact ? " is-compact" : ""}`}>
      {shown.map((connection) => (
        <PastProgressItem key={connection.index} connection={connection} compact={compact} />
      ))}
    </ul>
  );
}

/** The Run page's view of a past run: shown, and asked for, only while tgcf runs in past mode. */
export function RunPastProgress() {
  const { status } = useStore(statusState);
  const pastRunning = status?.isRunning === true && status.mode === "past";
  const { value: report } = useActivityCounters(pastRunning);
  if (!pastRunning || !report || withPast(report.connections).length === 0) return null;
  return (
    <section class="card past-progress-card" aria-labelledby="run-past-progress-title">
      <h2 id="run-past-progress-title">Past mode progress</h2>
      <PastProgressList connections={report.connections} compact />
      <p class="card-help">
        More on the <a href={pageHash("activity")}>Activity</a> page.
      </p>
    </section>
  );
}
