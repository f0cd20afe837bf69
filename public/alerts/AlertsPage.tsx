// Where alerts go (webhook, ntfy, Telegram), for which events, a test send per channel, and what was sent.
// Alerts are the server's, not an instance's: every instance alerts the same channels.
import { useEffect, useMemo } from "preact/hooks";
import type { FormContextValue } from "../fields/form-context.ts";
import { FormContext } from "../fields/form-context.ts";
import { FieldFrame } from "../fields/FieldFrame.tsx";
import { IntegerInput } from "../fields/text-inputs.tsx";
import type { SchemaNode } from "../lib/schema-node.ts";
import { confirmDiscard } from "../pages/use-part-editor.ts";
import { addLeaveGuard } from "../state/router.ts";
import { useStore } from "../state/store.ts";
import { AlertHistory } from "./AlertHistory.tsx";
import { AlertsSaveBar } from "./AlertsSaveBar.tsx";
import { ChannelCard, channelHeadingId } from "./ChannelCard.tsx";
import { EventMeanings, TextField } from "./alert-fields.tsx";
import { channelIsSaved, errorsAt, isDirty, savedValueAt } from "./alerts-draft.ts";
import {
  addAlertChannel,
  alertSettings,
  discardAlertEdits,
  editAlerts,
  hasUnsavedAlerts,
  loadAlerts,
  refreshAlertHistory,
  removeAlertChannel,
  saveAlerts,
} from "./alerts-store.ts";
import { ALERT_RULES, CHANNEL_KINDS } from "./rules.ts";
import "../components/save-dock.css";
import "./alerts.css";

/** The names the fields go by in an error list ("Channels › 2 › Address"). */
const ALERTS_NODE: SchemaNode = {
  properties: {
    channels: {
      title: "Channels",
      items: {
        properties: {
          id: { title: "Name" },
          url: { title: "Address" },
          secret: { title: "Signing secret" },
          botToken: { title: "Bot token" },
          chatIds: { title: "Chat ids", items: {} },
          events: { title: "Events", items: {} },
        },
      },
    },
    cooldownSeconds: { title: "Quiet time between repeats" },
    publicUrl: { title: "Address of this page" },
  },
};

export function AlertsPage() {
  const state = useStore(alertSettings);
  useEffect(() => {
    void loadAlerts();
    void refreshAlertHistory();
  }, []);
  useEffect(
    () =>
      addLeaveGuard({
        hasUnsavedWork: hasUnsavedAlerts,
        async confirmLeaving() {
          const leave = await confirmDiscard();
          if (leave) discardAlertEdits();
          return leave;
        },
      }),
    [],
  );
  const { saved, draft, errors } = state;
  const form = useMemo<FormContextValue | null>(() => {
    if (!saved || !draft) return null;
    return {
      root: ALERTS_NODE,
      savedAt: (pointer) => savedValueAt(saved, draft, pointer),
      errorsAt: (pointer) => errorsAt(errors, pointer),
      warningsAt: () => [],
      edit: editAlerts,
    };
  }, [saved, draft, errors]);

  return (
    <section class="page alerts-page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        Alerts
      </h1>
      <p class="intro">Be told when tgcf needs attention, on any instance: by webhook, by ntfy, or by a Telegram bot.</p>
      {state.loadError && (
        <div class="notice error" role="alert">
          <p>The alert settings could not be read: {state.loadError}</p>
          <button type="button" class="button" onClick={() => void loadAlerts()}>
            Try again
          </button>
        </div>
      )}
      {form && draft && saved ? (
        <FormContext.Provider value={form}>
          <form
            class="alerts-form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void saveAlerts();
            }}
          >
            <section class="alert-channels" aria-labelledby="alert-channels-title">
              <h2 id="alert-channels-title" tabIndex={-1}>
                Channels
              </h2>
              {draft.settings.channels.length === 0 && <p class="card-help">No channel yet: alerts go nowhere. Add one below.</p>}
              <EventMeanings />
              {draft.settings.channels.map((channel, index) => {
                const origin = draft.origins[index];
                const savedId = origin === null || origin === undefined ? null : (saved.channels[origin]?.id ?? null);
                return (
                  <ChannelCard
                    key={draft.keys[index]}
                    channel={channel}
                    index={index}
                    savedId={savedId}
                    unchanged={channelIsSaved(saved, draft, index)}
                    onRemove={() => {
                      removeAlertChannel(index);
                      document.getElementById("alert-channels-title")?.focus();
                    }}
                  />
                );
              })}
              <AddChannelButtons count={draft.settings.channels.length} />
            </section>
            <section class="card" aria-labelledby="alert-general-title">
              <h2 id="alert-general-title">For every channel</h2>
              <CooldownField value={draft.settings.cooldownSeconds} />
              <TextField
                pointer="/publicUrl"
                label="Address of this page (optional)"
                value={draft.settings.publicUrl}
                placeholder="https://tgcf.example.com/"
                inputMode="url"
                description="The address you open tgcf-server at, as others reach it: alerts then link to the instance they are about."
              />
            </section>
            <AlertsSaveBar state={state} dirty={isDirty(saved, draft)} root={ALERTS_NODE} />
          </form>
        </FormContext.Provider>
      ) : (
        state.phase === "loading" && <p class="loading">Loading the alert settings…</p>
      )}
      <AlertHistory />
    </section>
  );
}

function AddChannelButtons({ count }: { count: number }) {
  const full = count >= ALERT_RULES.maxChannels;
  const add = (kind: (typeof CHANNEL_KINDS)[number]["kind"]) => {
    const index = addAlertChannel(kind);
    // The new channel's first field takes focus, once it is on the page.
    requestAnimationFrame(() => document.getElementById(channelHeadingId(index))?.closest("section")?.querySelector<HTMLElement>("input, textarea, button")?.focus());
  };
  return (
    <div class="alert-add">
      <div class="actions">
        {CHANNEL_KINDS.map((entry) => (
          <button key={entry.kind} type="button" class="button" disabled={full} onClick={() => add(entry.kind)}>
            {entry.addLabel}
          </button>
        ))}
      </div>
      {full && <p class="card-help">There can be at most {ALERT_RULES.maxChannels} channels.</p>}
    </div>
  );
}

/** "15 min", "1 h 30 min", "45 s". */
function durationWords(totalSeconds: number): string {
  const units = [
    [86_400, "d"],
    [3_600, "h"],
    [60, "min"],
    [1, "s"],
  ] as const;
  let left = totalSeconds;
  const parts: string[] = [];
  for (const [size, unit] of units) {
    if (left >= size) parts.push(`${Math.floor(left / size)} ${unit}`);
    left %= size;
  }
  return parts.join(" ") || "0 s";
}

function CooldownField({ value }: { value: unknown }) {
  const pointer = "/cooldownSeconds";
  const { default: standard } = ALERT_RULES.cooldown;
  const now = typeof value === "number" && Number.isInteger(value) && value >= 0 && value !== standard ? ` ${value} is ${value === 0 ? "no quiet time: every alert is sent" : durationWords(value)}.` : "";
  const description = `How long to wait before the same kind of alert about the same instance is sent again. The default, ${standard}, is ${durationWords(standard)}.${now}`;
  return (
    <FieldFrame pointer={pointer} label="Quiet time between repeats (seconds)" description={description}>
      <IntegerInput pointer={pointer} value={value} hasDescription />
    </FieldFrame>
  );
}
