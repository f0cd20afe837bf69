// What this instance's tgcf forwarded: counts per connection, messages over time, stalls and past-mode progress.
import { STALL_RULE } from "../../src/modules/activity/stall";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import type { ActivityReport, ConnectionActivity } from "../api/activity.ts";
import { useNow } from "../components/use-now.ts";
import { formatDateTime } from "../lib/format.ts";
import { Page } from "../pages/ConfigPage.tsx";
import { pageHash } from "../state/instance.ts";
import { ActivityChart } from "./ActivityChart.tsx";
import { agoText, connectionLabel, instanceStallWords, shownCounters, stallWords } from "./activity-words.ts";
import { CountsTable } from "./CountsTable.tsx";
import { PastProgressList, withPast } from "./PastProgress.tsx";
import { StallBadge } from "./StallBadge.tsx";
import { useActivityCounters } from "./use-activity.ts";
import "./activity.css";

/** A time as "3 min ago", with the date and time beside it. */
function When({ iso, now }: { iso: string | null; now: number }) {
  if (iso === null) return <>never</>;
  return (
    <>
      {agoText(iso, now)}{" "}
      <time class="activity-time" dateTime={iso}>
        {formatDateTime(iso)}
      </time>
    </>
  );
}

function InstanceCard({ instance, now }: { instance: ActivityReport["instance"]; now: number }) {
  const mode = instance.running ? `running in ${instance.mode ?? "an unknown"} mode` : "not running";
  return (
    <section class="card activity-instance" aria-labelledby="activity-instance-title">
      <div class="card-header">
        <h2 id="activity-instance-title">This instance</h2>
        <StallBadge words={instanceStallWords(instance)} id="instance-stall" />
      </div>
      <dl class="facts">
        <div>
          <dt>tgcf</dt>
          <dd>{mode}</dd>
        </div>
        <div>
          <dt>Last message</dt>
          <dd class="last-activity">
            <When iso={instance.lastActivityAt} now={now} />
          </dd>
        </div>
        <div>
          <dt>Last line from tgcf</dt>
          <dd>
            <When iso={instance.lastLineAt} now={now} />
          </dd>
        </div>
      </dl>
      {instance.loginMissing && (
        <p class="notice warning">
          tgcf said its login is not set: sign in on the <a href={pageHash("account")}>Telegram account</a> page.
        </p>
      )}
      <CountsTable caption="This instance's counts" counters={instance.counters} names={shownCounters(instance.counters.allTime, "instance")} />
    </section>
  );
}

function ConnectionCard({ connection, now }: { connection: ConnectionActivity; now: number }) {
  const name = neutraliseText(connectionLabel(connection.name, connection.index));
  const titleId = `activity-connection-${connection.index}`;
  return (
    <section class={`card activity-connection${connection.enabled ? "" : " is-off"}`} aria-labelledby={titleId} data-index={connection.index}>
      <div class="card-header">
        <h3 id={titleId} class="connection-name">
          {name}
        </h3>
        <StallBadge words={stallWords(connection.stall)} id={`${titleId}-stall`} />
      </div>
      <dl class="facts">
        <div>
          <dt>Source</dt>
          <dd class="code">{neutraliseText(connection.source) || "not set"}</dd>
        </div>
        <div>
          <dt>Last message</dt>
          <dd class="last-activity">
            <When iso={connection.lastMessageAt} now={now} />
          </dd>
        </div>
        {!connection.enabled && (
          <div>
            <dt>State</dt>
            <dd>off (use_this is false)</dd>
          </div>
        )}
      </dl>
      {connection.chatId === null && connection.source !== "" && (
        <p class="card-help">
          Its source is written as a name or link, and tgcf logs only the numeric id: its messages are counted under Other chats. Write the
          source as a numeric id to count them here.
        </p>
      )}
      <CountsTable caption={`Counts of ${name}`} counters={connection.counters} names={shownCounters(connection.counters.allTime, "connection")} />
    </section>
  );
}

function OtherCard({ other, now }: { other: ActivityReport["other"]; now: number }) {
  if (other.counters.allTime.received + other.counters.allTime.forwarded + other.counters.allTime.edited + other.counters.allTime.deleted === 0) return null;
  return (
    <section class="card activity-other" aria-labelledby="activity-other-title">
      <h3 id="activity-other-title">Other chats</h3>
      <p class="card-help">
        Chats that match no connection's numeric source: sources written as a name or link, or connections removed since. Last message:{" "}
        <When iso={other.lastMessageAt} now={now} />.
      </p>
      <CountsTable caption="Counts of other chats" counters={other.counters} names={shownCounters(other.counters.allTime, "connection")} />
    </section>
  );
}

export function ActivityPage() {
  const { value: report, error } = useActivityCounters();
  const now = useNow(report !== null);
  const past = report ? withPast(report.connections) : [];
  return (
    <Page title="Activity" intro="What tgcf did with its connections' messages, counted from its log as it runs.">
      {error && (
        <p class="notice error" role="alert">
          The activity could not be loaded: {error}
        </p>
      )}
      {!report ? (
        !error && <p class="loading">Loading…</p>
      ) : (
        <>
          <InstanceCard instance={report.instance} now={now} />
          {past.length > 0 && (
            <section class="card past-progress-card" aria-labelledby="past-progress-title">
              <h2 id="past-progress-title">Past mode progress</h2>
              <PastProgressList connections={report.connections} />
            </section>
          )}
          <ActivityChart connections={report.connections} />
          <section class="activity-connections" aria-labelledby="activity-connections-title">
            <h2 id="activity-connections-title">Connections</h2>
            {report.connections.length === 0 && (
              <p class="empty card">
                No connections yet. Add one on the <a href={pageHash("connections")}>Connections</a> page.
              </p>
            )}
            {report.connections.map((connection) => (
              <ConnectionCard key={connection.index} connection={connection} now={now} />
            ))}
            <OtherCard other={report.other} now={now} />
          </section>
          <details class="more card stall-rule">
            <summary>When is something stalled?</summary>
            <p>{STALL_RULE}</p>
          </details>
        </>
      )}
    </Page>
  );
}
