// What was sent, newest first: each alert's event, channel, instance and time, and every attempt with its failure.
import { useEffect } from "preact/hooks";
import type { Attempt, HistoryEntry } from "../api/alerts.ts";
import { formatDateTime } from "../lib/format.ts";
import { useStore } from "../state/store.ts";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import { alertHistory, refreshAlertHistory } from "./alerts-store.ts";
import { eventName } from "./rules.ts";

/** While an alert is still being sent (or waits for a retry), the history is read again this often. */
export const PENDING_REFRESH_MS = 2_000;

const STATUS_WORDS: Record<HistoryEntry["status"], string> = {
  pending: "Sending",
  sent: "Delivered",
  failed: "Failed",
  dropped: "Dropped: too many alerts were waiting",
};

function statusWords(entry: HistoryEntry): string {
  if (entry.status === "pending" && entry.attempts.length > 0) return "Waiting to retry";
  return STATUS_WORDS[entry.status];
}

export function AlertHistory() {
  const { entries, loading, error } = useStore(alertHistory);
  const pending = entries?.some((entry) => entry.status === "pending") ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => void refreshAlertHistory(), PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [entries, pending]);
  return (
    <section class="card alert-history" aria-labelledby="alert-history-title">
      <div class="card-header">
        <div>
          <h2 id="alert-history-title">History</h2>
          <p class="card-help">The last 200 alerts, newest first, with every attempt. It is kept across restarts of tgcf-server.</p>
        </div>
        <button type="button" class="button" disabled={loading} onClick={() => void refreshAlertHistory()}>
          {loading ? "Refreshing…" : "Refresh"}
          <span class="visually-hidden"> the history</span>
        </button>
      </div>
      {error && (
        <p class="notice error" role="alert">
          The history could not be read: {error}
        </p>
      )}
      {entries === null ? (
        !error && <p class="loading">Loading the history…</p>
      ) : entries.length === 0 ? (
        <p class="alert-history-empty">No alert has been sent yet. Save a channel and send a test alert to see one here.</p>
      ) : (
        <ol class="alert-history-list">
          {entries.map((entry) => (
            <HistoryItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  return (
    <li class={`alert-entry status-${entry.status}`} data-entry={entry.id}>
      <div class="alert-entry-head">
        <span class="alert-status">{statusWords(entry)}</span>
        <span class="alert-entry-title">{neutraliseText(entry.title)}</span>
      </div>
      <dl class="alert-entry-facts">
        <div>
          <dt>Event</dt>
          <dd>{eventName(entry.event)}</dd>
        </div>
        <div>
          <dt>Channel</dt>
          <dd>{neutraliseText(entry.channel)}</dd>
        </div>
        <div>
          <dt>Instance</dt>
          <dd>{entry.instance === null ? "none (server-wide)" : neutraliseText(entry.instance)}</dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
          </dd>
        </div>
      </dl>
      {entry.attempts.length > 0 && (
        <ol class="alert-attempts" aria-label="Attempts">
          {entry.attempts.map((attempt, index) => (
            <AttemptItem key={attempt.at + index} attempt={attempt} index={index} />
          ))}
        </ol>
      )}
    </li>
  );
}

function AttemptItem({ attempt, index }: { attempt: Attempt; index: number }) {
  const which = index === 0 ? "First try" : `Retry ${index}`;
  const outcome = attempt.ok
    ? `delivered${attempt.httpStatus ? ` (HTTP ${attempt.httpStatus})` : ""}`
    : `failed: ${neutraliseText(attempt.error ?? (attempt.httpStatus ? `HTTP ${attempt.httpStatus}` : "no answer"))}`;
  return (
    <li class={attempt.ok ? "is-ok" : "is-failed"}>
      {which}, <time dateTime={attempt.at}>{formatDateTime(attempt.at)}</time>: {outcome}
    </li>
  );
}
