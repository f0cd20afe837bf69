// A backup named by the version it holds: when that version was written and by whom, not when it was replaced.
import type { BackupInfo } from "../../src/modules/config/backups";
import { formatDateTime } from "./format.ts";

export type BackupSummary = BackupInfo;

/** "saved 12/6/2026, 6:52:48 AM by web UI", "written by another program (tgcf?) 6:52:48 AM, while tgcf ran". */
export function backupLabel(backup: Pick<BackupInfo, "savedAt" | "replacedAt" | "createdAt" | "source" | "by" | "note">): string {
  const when = backup.savedAt ? formatDateTime(backup.savedAt) : null;
  const note = backup.note ? `, ${backup.note}` : "";
  if (backup.source === "server") return `saved ${when ?? "earlier"}${backup.by ? ` by ${backup.by}` : ""}${note}`;
  if (backup.source === "external") return `written by another program (tgcf or an editor) ${when ?? "earlier"}${note}`;
  // Backups made before versions were recorded only know when they were replaced.
  return `the version replaced ${formatDateTime(backup.replacedAt ?? backup.createdAt)}${note}`;
}
