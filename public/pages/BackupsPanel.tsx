// Earlier versions of the config: compare one with the current config, download it, restore it.
import { instanceApi, instanceApiBase } from "../state/instance.ts";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, request } from "../api/http.ts";
import type { BackupDetail, Config } from "../api/types.ts";
import { backupLabel, type BackupSummary } from "../lib/backup-label.ts";
import { confirmAction } from "../components/confirm.tsx";
import { formatBytes, formatDateTime } from "../lib/format.ts";
import { acceptSaved, configState, saveFailure } from "../state/config-store.ts";
import { useStore } from "../state/store.ts";
import { saveTextFile } from "../log/save-file.ts";
import { BackupDiff } from "./BackupDiff.tsx";

/** How many fields a restore changes, said before it happens. */
function changeCount(backup: Record<string, unknown>, current: Config | null): string {
  if (!current) return "";
  const count = changedLeaves(backup, current).length;
  return count === 0 ? "It holds the same settings as now." : `${count} setting${count === 1 ? "" : "s"} will change, as shown below.`;
}

function changedLeaves(a: unknown, b: unknown, path = ""): string[] {
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => changedLeaves((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}/${key}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}

export function BackupsPanel() {
  const { saved, etag } = useStore(configState);
  const [backups, setBackups] = useState<BackupSummary[] | null>(null);
  const [selected, setSelected] = useState<BackupDetail | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  // After a restore its outcome takes focus: the button that was pressed goes away with the version shown.
  const messageElement = useRef<HTMLParagraphElement>(null);
  const focusMessage = useRef(false);
  useEffect(() => {
    if (focusMessage.current) messageElement.current?.focus();
    focusMessage.current = false;
  }, [message]);

  const refresh = () =>
    request<BackupSummary[]>(instanceApi("config/backups")).then(
      ({ data }) => setBackups(data),
      (error: ApiFailure) => setMessage({ kind: "error", text: error.message }),
    );
  useEffect(() => void refresh(), [etag]);

  const open = async (id: string) => {
    setMessage(null);
    try {
      setSelected((await request<BackupDetail>(`${instanceApiBase()}config/backups/${encodeURIComponent(id)}`)).data);
    } catch (error) {
      setMessage({ kind: "error", text: (error as ApiFailure).message });
    }
  };
  const restore = async (backup: Extract<BackupDetail, { state: "ok" }>) => {
    const confirmed = await confirmAction({
      title: "Restore this version?",
      message: `The version ${backupLabel(backup)} replaces the current one, which is backed up first. ${changeCount(backup.config, saved)}`,
      confirmLabel: "Restore",
    });
    if (!confirmed) return;
    focusMessage.current = true;
    try {
      const { data, headers } = await request<Config>(`${instanceApiBase()}config/backups/${encodeURIComponent(backup.id)}/restore`, { method: "POST", ifMatch: etag });
      acceptSaved(data, headers.get("etag"), "all");
      setSelected(null);
      setMessage({ kind: "success", text: `Restored the version ${backupLabel(backup)}.` });
    } catch (error) {
      const outcome = saveFailure(error);
      const text = outcome.kind === "saved" ? "" : outcome.kind === "conflict" ? `${outcome.message} Reload the page and try again.` : outcome.message;
      setMessage({ kind: "error", text });
    }
  };

  return (
    <section class="card" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      <p class="card-help">Every save keeps the previous version (the last 20). Secrets are not shown.</p>
      {message && (
        <p class={`notice ${message.kind}`} role={message.kind === "error" ? "alert" : "status"} tabIndex={-1} ref={messageElement}>
          {message.text}
        </p>
      )}
      {backups === null ? (
        <p class="loading">Loading…</p>
      ) : backups.length === 0 ? (
        <p class="empty">No backups yet: one is made each time the config is saved.</p>
      ) : (
        <ul class="backup-list">
          {backups.map((backup) => (
            <li key={backup.id} class={selected?.id === backup.id ? "is-selected" : ""}>
              <button type="button" class="link-button" aria-pressed={selected?.id === backup.id} onClick={() => void open(backup.id)}>
                {backupLabel(backup)}
              </button>
              <span class="muted">{formatBytes(backup.size)}</span>
            </li>
          ))}
        </ul>
      )}
      {selected && (
        <div class="backup-detail">
          <h3>The version {backupLabel(selected)}</h3>
          <p class="muted">Replaced {formatDateTime(selected.replacedAt ?? selected.createdAt)}. Below: what restoring it changes.</p>
          {selected.state === "ok" ? (
            <>
              <BackupDiff backup={selected.config} current={saved} />
              <div class="actions">
                <button type="button" class="button primary" onClick={() => void restore(selected)}>
                  Restore this version
                </button>
                <button
                  type="button"
                  class="button"
                  onClick={() => saveTextFile(`tgcf.config.${selected.id}.json`, JSON.stringify(selected.config, null, 2) + "\n", "application/json")}
                >
                  Download
                </button>
              </div>
            </>
          ) : (
            <p class="notice error">This version is not a valid config: {JSON.stringify(selected.errors)}</p>
          )}
        </div>
      )}
    </section>
  );
}
