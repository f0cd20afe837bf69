// On the Advanced page: how tgcf-server runs this instance (stop grace, restarts, log size), each setting the server's
// value or this instance's own. Saved while tgcf is stopped; they apply to its next start.
import { useEffect, useState } from "preact/hooks";
import { ApiFailure, type FieldError } from "../api/http.ts";
import { loadInstanceSettings, saveInstanceSettings, type ApiInstanceSettingKey, type InstanceSettingsReport } from "../api/instances.ts";
import { RESTING_STATES } from "../../src/shared/resting-states";
import { CURRENT_INSTANCE } from "../state/instance.ts";
import { statusState } from "../state/status-store.ts";
import { useStore } from "../state/store.ts";
import "./instances.css";

interface SettingWords {
  label: string;
  help: string;
  /** Shown in seconds, kept in milliseconds. */
  seconds?: true;
}

const WORDS: Record<ApiInstanceSettingKey, SettingWords> = {
  autoRestart: { label: "Restart tgcf when it exits on its own", help: "With back-off: each unexpected exit waits longer before the next start." },
  autoStart: { label: "Start tgcf when the server starts, if it was running before", help: "After a reboot or an update of tgcf-server." },
  stopGraceMs: { label: "Time tgcf gets to stop", help: "Seconds between asking tgcf to stop (as Ctrl+C does) and telling it to end.", seconds: true },
  killAfterMs: { label: "Time before tgcf is killed", help: "Seconds after telling tgcf to end before it is killed.", seconds: true },
  healthyAfterMs: { label: "A healthy run lasts", help: "Seconds of running after which the restart delays start again from the shortest.", seconds: true },
  maxRestartsPerHour: { label: "Automatic restarts allowed per hour", help: "One more within an hour and tgcf-server stops trying (fatal)." },
  logRingLines: { label: "Log lines kept in memory", help: "For the live log and its resume after a reconnect; the log files keep everything." },
};
const KEYS = Object.keys(WORDS) as ApiInstanceSettingKey[];

type Draft = Partial<Record<ApiInstanceSettingKey, number | boolean>>;

const shown = (key: ApiInstanceSettingKey, value: number | boolean | undefined) =>
  typeof value === "boolean" ? (value ? "on" : "off") : value === undefined ? "" : WORDS[key].seconds ? `${value / 1000} s` : String(value);

function RunSetting({ name, report, draft, errors, onChange }: { name: ApiInstanceSettingKey; report: InstanceSettingsReport; draft: Draft; errors: FieldError[]; onChange(next: Draft): void }) {
  const words = WORDS[name];
  const own = name in draft;
  const value = own ? draft[name] : report.server[name];
  const id = `run-setting-${name}`;
  const error = errors.find((candidate) => candidate.path === `/overrides/${name}`)?.message;
  const set = (next: number | boolean | undefined) => {
    const copy = { ...draft };
    if (next === undefined) delete copy[name];
    else copy[name] = next;
    onChange(copy);
  };
  return (
    <fieldset class="run-setting">
      <legend>{words.label}</legend>
      <label class="check-row">
        <input type="checkbox" checked={!own} onChange={(event) => set(event.currentTarget.checked ? undefined : report.server[name])} />
        The server’s value ({shown(name, report.server[name])})
      </label>
      {typeof report.server[name] === "boolean" ? (
        <label class="check-row">
          <input id={id} type="checkbox" disabled={!own} checked={value === true} onChange={(event) => set(event.currentTarget.checked)} />
          On for this instance
        </label>
      ) : (
        <div class="field">
          <label class="field-label" for={id}>
            This instance{words.seconds ? " (seconds)" : ""}
          </label>
          <input
            id={id}
            type="number"
            min={0}
            step={words.seconds ? 0.001 : 1}
            disabled={!own}
            value={words.seconds ? Number(value) / 1000 : Number(value)}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={`${id}-help${error ? ` ${id}-error` : ""}`}
            onInput={(event) => {
              const typed = Number(event.currentTarget.value);
              set(words.seconds ? Math.round(typed * 1000) : typed);
            }}
          />
        </div>
      )}
      <p class="field-help" id={`${id}-help`}>
        {words.help}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function RunSettingsPanel() {
  const { status } = useStore(statusState);
  const [report, setReport] = useState<InstanceSettingsReport | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const adopt = (next: InstanceSettingsReport) => {
    setReport(next);
    setDraft(Object.fromEntries(KEYS.filter((key) => key in next.overrides).map((key) => [key, next.overrides[key]])) as Draft);
  };
  useEffect(() => {
    loadInstanceSettings(CURRENT_INSTANCE).then(adopt, (failure) => setMessage({ kind: "error", text: failure instanceof ApiFailure ? failure.message : String(failure) }));
  }, []);
  const running = status !== null && !RESTING_STATES.has(status.state);

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      adopt(await saveInstanceSettings(CURRENT_INSTANCE, draft));
      setErrors([]);
      setMessage({ kind: "success", text: "Saved. tgcf starts with these settings from its next start." });
    } catch (failure) {
      const fieldErrors = failure instanceof ApiFailure ? failure.fieldErrors : [];
      setErrors(fieldErrors);
      const text = fieldErrors.length > 0 ? "Nothing was saved: the marked settings need another value." : failure instanceof ApiFailure ? failure.message : String(failure);
      setMessage({ kind: "error", text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card run-settings-panel" aria-labelledby="run-settings-panel-title">
      <h2 id="run-settings-panel-title">How tgcf-server runs this instance</h2>
      <p class="card-help">
        Each setting is the server’s (from its flags) unless this instance has its own. The tgcf command is set only by the server’s flag or in the
        instance’s settings file.
      </p>
      {report ? (
        <form onSubmit={(event) => void save(event)} noValidate>
          {KEYS.map((key) => (
            <RunSetting key={key} name={key} report={report} draft={draft} errors={errors} onChange={(next) => (setDraft(next), setMessage(null))} />
          ))}
          <p class="field-help">tgcf command: <code>{report.effective.tgcfCommand}</code></p>
          {running ? (
            <p class="notice warning" role="status">
              Stop tgcf to change these: they are taken when tgcf-server prepares its next start.
            </p>
          ) : null}
          {message ? (
            <p class={`notice ${message.kind}`} role={message.kind === "error" ? "alert" : "status"}>
              {message.text}
            </p>
          ) : null}
          <button type="submit" class="button primary" disabled={busy || running}>
            Save run settings
          </button>
        </form>
      ) : message ? (
        <p class="notice error" role="alert">
          {message.text}
        </p>
      ) : (
        <p class="loading">Loading…</p>
      )}
    </section>
  );
}
