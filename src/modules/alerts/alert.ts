// One alert as every channel gets it, and its text for the channels that carry plain text.
import { instancePageHash } from "../../shared/instance-id";
import type { AlertEventKind } from "./model";

/** Log lines an alert carries (for channels that can). */
export const ALERT_LOG_LINES = 20;
/** Telegram's limit for a message is 4096 characters; ntfy's is 4096 bytes: the text is cut to fit both. */
export const MAX_TEXT_CHARS = 3_800;

export interface Alert {
  event: AlertEventKind | "test";
  instance: { id: string; name: string } | null;
  /** The connection (tgcf's con_name, or its position) when the event is about one. */
  connection: string | null;
  /** What happened, in one line. */
  title: string;
  /** The cause as tgcf's output showed it, or null. */
  cause: string | null;
  /** What to do, when known. */
  hint: string | null;
  at: string;
  lastLines: string[];
  /** The UI, when publicUrl is set. */
  url: string | null;
}

/** The JSON a webhook receives. */
export function webhookPayload(alert: Alert): Record<string, unknown> {
  return { type: "tgcf-alert", ...alert };
}

/** The alert as text: the title line first, then what is known, then tgcf's last lines (when `withLines`). */
export function alertText(alert: Alert, withLines: boolean): string {
  const lines = [headline(alert)];
  if (alert.connection) lines.push(`Connection: ${alert.connection}`);
  if (alert.cause) lines.push(`Cause: ${alert.cause}`);
  if (alert.hint) lines.push(`What to do: ${alert.hint}`);
  lines.push(`When: ${alert.at}`);
  if (alert.url) lines.push(alert.url);
  let text = lines.join("\n");
  if (withLines && alert.lastLines.length > 0) {
    const room = MAX_TEXT_CHARS - text.length - 40;
    const log = alert.lastLines.join("\n");
    text += `\n\nLast lines of tgcf:\n${log.length > room ? "…" + log.slice(log.length - room) : log}`;
  }
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS - 1) + "…" : text;
}

/** One line naming the instance and what happened. */
export function headline(alert: Alert): string {
  const who = alert.instance ? `tgcf "${alert.instance.name}"${alert.instance.name === alert.instance.id ? "" : ` (${alert.instance.id})`}` : "tgcf-server";
  return `${who}: ${alert.title}`;
}

/** A link to the UI from the configured public URL (without a trailing slash), or null. */
export function uiLink(publicUrl: string | undefined, instanceId: string | null): string | null {
  if (!publicUrl) return null;
  const base = publicUrl.replace(/\/+$/, "");
  return instanceId === null ? `${base}/` : `${base}/${instancePageHash("run", instanceId)}`;
}
