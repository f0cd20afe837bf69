// Start, stop and restart tgcf, with its state, pid, uptime, restarts and how it last exited.
import { pageHash } from "../state/instance.ts";
import { useState } from "preact/hooks";
import type { ProcessStatusReport as ProcessStatus } from "../api/process-types.ts";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { useNow } from "../components/use-now.ts";
import { formatDuration } from "../lib/format.ts";
import { processAction, statusState, uptimeAt, type ActionProblem, type ProcessAction } from "../state/status-store.ts";
import { LastExitPanel } from "./LastExitPanel.tsx";
import { pageOfPointer } from "../lib/exit-outcome.ts";
import { PAGES } from "../state/router.ts";
import { useStore } from "../state/store.ts";
import { configState, isPartDirty } from "../state/config-store.ts";
import { savePart } from "../state/config-save.ts";
import { PAGE_PARTS } from "../lib/page-parts.ts";
import { confirmAction } from "../components/confirm.tsx";

const ACTION_WORDS: Record<ProcessAction, [string, string]> = {
  run: ["Start", "Starting…"],
  stop: ["Stop", "Stopping…"],
  restart: ["Restart", "Restarting…"],
};

function allowed(action: ProcessAction, status: ProcessStatus | null): boolean {
  if (!status) return false;
  const busy = status.state === "starting" || status.state === "stopping";
  if (action === "run") return !status.isRunning && !busy;
  if (action === "stop") return status.isRunning || status.state === "starting" || status.state === "backoff";
  return status.isRunning;
}

/** Why a start was refused: the sentence, then each problem with a link to the page of its field. */
function ProblemList({ problem }: { problem: ActionProblem }) {
  return (
    <div class="notice error" role="alert" tabIndex={-1} ref={(element) => element?.focus()}>
      <p>{problem.fields.length > 1 ? "tgcf would not start:" : problem.message}</p>
      {problem.fields.length > 1 && (
        <ul class="start-problems">
          {problem.fields.map((field) => {
            const page = pageOfPointer(field.path);
            return (
              <li key={field.path + field.message}>
                {field.message}
                {page && (
                  <>
                    {" "}
                    <a href={pageHash(page)}>{PAGES.find((candidate) => candidate.id === page)?.title}</a>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {problem.fields.length === 1 && pageOfPointer(problem.fields[0]!.path) && (
        <p>
          <a href={pageHash(pageOfPointer(problem.fields[0]!.path) ?? "run")}>Go to {PAGES.find((candidate) => candidate.id === pageOfPointer(problem.fields[0]!.path))?.title}</a>
        </p>
      )}
    </div>
  );
}

export function ProcessPanel() {
  const state = useStore(statusState);
  const { status } = state;
  const now = useNow(!!status?.isRunning);
  const [busy, setBusy] = useState<ProcessAction | null>(null);
  const [problem, setProblem] = useState<ActionProblem | null>(null);
  const uptime = uptimeAt(state, now);

  const config = useStore(configState);
  const runSettingsDirty = isPartDirty(PAGE_PARTS.run, config);
  const act = async (action: ProcessAction, saveFirst = false) => {
    // tgcf reads the saved config: a start with unsaved run settings would silently ignore them.
    if (action !== "stop" && runSettingsDirty && !saveFirst) {
      saveFirst = await confirmAction({
        title: `Save the run settings and ${ACTION_WORDS[action][0].toLowerCase()}?`,
        message: "Your changes to the run settings are not saved yet, and tgcf reads the saved config.",
        confirmLabel: `Save and ${ACTION_WORDS[action][0].toLowerCase()}`,
        cancelLabel: "Go back",
      });
      if (!saveFirst) return;
    }
    setBusy(action);
    if (saveFirst && action !== "stop") {
      const saved = await savePart(PAGE_PARTS.run);
      if (saved.kind !== "saved") {
        setProblem({ message: `The run settings were not saved, so tgcf was not ${action === "run" ? "started" : "restarted"}: ${saved.message}`, fields: saved.kind === "invalid" ? saved.errors : [] });
        setBusy(null);
        return;
      }
    }
    setProblem(await processAction(action));
    setBusy(null);
  };
  return (
    <section class="card process" aria-labelledby="process-title">
      <header class="card-header">
        <h2 id="process-title">Process</h2>
        <StatusBadge status={status} id="process-state" />
      </header>
      <dl class="facts">
        <div>
          <dt>PID</dt>
          <dd>{status?.pid ?? "—"}</dd>
        </div>
        <div>
          <dt>Uptime</dt>
          <dd>{uptime === null ? "—" : formatDuration(uptime)}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{status?.mode ?? "—"}</dd>
        </div>
        <div>
          <dt>Restarts</dt>
          <dd>{status?.restarts ?? 0}</dd>
        </div>
        {status?.savedMode && status.mode && status.savedMode !== status.mode && (
          <div class="span-2">
            <dt>Saved mode</dt>
            <dd>{status.savedMode}: the next start or restart uses it</dd>
          </div>
        )}
      </dl>
      {status?.isRunning && (status.pendingRestartChanges?.length ?? 0) > 0 && (
        <div class="notice info pending-changes" role="status">
          <p>
            Saved changes wait for a restart (the running tgcf read its config when it started):{" "}
            {status.pendingRestartChanges!.slice(0, 8).join(", ")}
            {status.pendingRestartChanges!.length > 8 ? ` and ${status.pendingRestartChanges!.length - 8} more` : ""}.
          </p>
          <button type="button" class="button small" disabled={busy !== null} onClick={() => void act("restart")}>
            {busy === "restart" ? "Restarting…" : "Restart to apply"}
          </button>
        </div>
      )}
      {status?.isRunning && status.mode === "past" && (
        <p class="hint past-offsets">
          tgcf is going through the history: it records each connection's progress (Start after message) itself, and
          saves made meanwhile keep its progress.
        </p>
      )}
      <LastExitPanel status={status} />
      {runSettingsDirty && (
        <p class="notice info unsaved-run-settings">
          The run settings below have unsaved changes.{" "}
          {allowed("run", status) && (
            <button type="button" class="button small primary" disabled={busy !== null} onClick={() => void act("run", true)}>
              Save and start
            </button>
          )}
          {allowed("restart", status) && (
            <button type="button" class="button small" disabled={busy !== null} onClick={() => void act("restart", true)}>
              Save and restart
            </button>
          )}
        </p>
      )}
      <div class="actions">
        {(Object.keys(ACTION_WORDS) as ProcessAction[]).map((action) => (
          <button
            type="button"
            key={action}
            class={action === "run" ? "button primary" : action === "stop" ? "button danger" : "button"}
            disabled={busy !== null || !allowed(action, status)}
            onClick={() => void act(action)}
          >
            {busy === action ? ACTION_WORDS[action][1] : ACTION_WORDS[action][0]}
          </button>
        ))}
      </div>
      {problem && <ProblemList problem={problem} />}
    </section>
  );
}
