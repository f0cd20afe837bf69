// One alert channel: the fields its kind needs, the events it gets, and (once saved) a test send with its outcome.
import type { AlertChannel } from "../api/alerts.ts";
import { SecretField } from "../fields/SecretField.tsx";
import { formatDateTime } from "../lib/format.ts";
import { useStore } from "../state/store.ts";
import { neutraliseText } from "../../src/shared/untrusted-text.ts";
import { ChatIdsField, EventsField, TextField } from "./alert-fields.tsx";
import { alertTests, testAlertChannel, type TestState } from "./alerts-store.ts";
import { ALERT_RULES, channelKindName, retryDelaysText } from "./rules.ts";

interface ChannelCardProps {
  channel: AlertChannel;
  index: number;
  /** The id it was saved under, null while it is new. */
  savedId: string | null;
  /** Saved and not changed since. */
  unchanged: boolean;
  onRemove(): void;
}

/** The DOM id of a channel's heading (and the base of its other ids). */
export const channelHeadingId = (index: number) => `alert-channel-${index}-title`;

export function ChannelCard({ channel, index, savedId, unchanged, onRemove }: ChannelCardProps) {
  const base = `/channels/${index}`;
  const title = savedId ?? (channel.id.trim() || "New channel");
  return (
    <section class="card alert-channel" aria-labelledby={channelHeadingId(index)} data-channel={savedId ?? ""}>
      <div class="card-header">
        <h3 id={channelHeadingId(index)}>
          <span class="visually-hidden">Channel </span>
          {title}
        </h3>
        <span class="badge">{channelKindName(channel.kind)}</span>
      </div>
      <TextField
        pointer={`${base}/id`}
        label="Name"
        value={channel.id}
        description={
          savedId === null
            ? "How the history and the test button name this channel: letters, digits, - and _."
            : "How the history and the test button name this channel: letters, digits, - and _. A new name keeps its secrets; earlier history keeps the old one."
        }
      />
      <KindFields channel={channel} base={base} />
      <EventsField pointer={`${base}/events`} value={channel.events} />
      <div class="card-actions">
        {savedId !== null && <TestButton channelId={savedId} unchanged={unchanged} />}
        <button type="button" class="button danger" onClick={onRemove}>
          Remove <span class="visually-hidden">channel {title}</span>
        </button>
      </div>
      {savedId !== null && <TestOutcome channelId={savedId} />}
    </section>
  );
}

function KindFields({ channel, base }: { channel: AlertChannel; base: string }) {
  switch (channel.kind) {
    case "webhook":
      return (
        <>
          <TextField pointer={`${base}/url`} label="Address" value={channel.url} placeholder="https://example.com/tgcf-alerts" inputMode="url" description="tgcf-server POSTs each alert there as JSON." />
          <SecretField
            pointer={`${base}/secret`}
            value={channel.secret}
            label="Signing secret (optional)"
            description="With a secret, each request carries an X-Tgcf-Signature header (sha256= and the HMAC-SHA256 of the body), so the receiver can tell it came from here."
          />
        </>
      );
    case "ntfy":
      return (
        <TextField
          pointer={`${base}/url`}
          label="Topic address"
          value={channel.url}
          placeholder="https://ntfy.sh/my-tgcf-alerts"
          inputMode="url"
          description="The ntfy server and topic; subscribe to the same topic in the ntfy app. Anyone who knows a topic on a public server can read it: pick a name hard to guess."
        />
      );
    case "telegram":
      return (
        <>
          <SecretField pointer={`${base}/botToken`} value={channel.botToken} label="Bot token" description="From @BotFather. Send the bot a message first (or add it to the group), or it cannot write to you." />
          <ChatIdsField pointer={`${base}/chatIds`} value={channel.chatIds} />
          <TextField
            pointer={`${base}/url`}
            label="Bot API server (optional)"
            value={channel.url}
            placeholder={ALERT_RULES.telegramApiUrl}
            inputMode="url"
            description={`Only for a self-hosted Bot API server; empty means ${ALERT_RULES.telegramApiUrl}.`}
          />
        </>
      );
  }
}

function TestButton({ channelId, unchanged }: { channelId: string; unchanged: boolean }) {
  const test = useStore(alertTests)[channelId];
  return (
    <>
      <button type="button" class="button" disabled={test?.phase === "sending"} onClick={() => void testAlertChannel(channelId)}>
        {test?.phase === "sending" ? "Sending…" : "Send a test alert"}
      </button>
      {!unchanged && <p class="alert-test-note">The test uses this channel’s saved settings: save first to test your changes.</p>}
    </>
  );
}

function TestOutcome({ channelId }: { channelId: string }) {
  const test = useStore(alertTests)[channelId];
  return (
    <div class="alert-test-outcome" role="status" aria-live="polite">
      {test && <TestMessage test={test} />}
    </div>
  );
}

function TestMessage({ test }: { test: TestState }) {
  if (test.phase === "sending") return <p class="notice info">Sending a test alert…</p>;
  if (test.phase === "refused") return <p class="notice error">The test was not sent: {neutraliseText(test.message)}</p>;
  const { entry } = test;
  const last = entry.attempts.at(-1);
  if (entry.status === "sent") {
    return (
      <p class="notice success">
        Test alert delivered at {last ? formatDateTime(last.at) : formatDateTime(entry.at)}
        {last?.httpStatus ? ` (HTTP ${last.httpStatus})` : ""}.
      </p>
    );
  }
  const attempts = entry.attempts.length;
  return (
    <div class="notice error">
      <p>
        Test alert not delivered after {attempts} {attempts === 1 ? "attempt" : "attempts"}: {neutraliseText(last?.error ?? "no answer")}
      </p>
      <p>A test is tried once; a real alert is tried again after {retryDelaysText()} before it counts as failed.</p>
    </div>
  );
}
