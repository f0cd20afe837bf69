// The alert API (server-wide, not per instance): the settings, a test send on a saved channel, the delivery history.
import type { AlertChannel, AlertEventKind, AlertSettings, Attempt, HistoryEntry } from "../../src/modules/alerts/model";
import { request } from "./http.ts";

export type { AlertChannel, AlertEventKind, AlertSettings, Attempt, HistoryEntry };
export type ChannelKind = AlertChannel["kind"];

/** The settings as saved, with the ETag a save names in If-Match. */
export interface SavedAlertSettings {
  settings: AlertSettings;
  etag: string | null;
}

/** GET api/alerts: secrets that are set read back as the placeholder. */
export async function loadAlertSettings(): Promise<SavedAlertSettings> {
  const { data, headers } = await request<AlertSettings>("api/alerts");
  return { settings: data, etag: headers.get("etag") };
}

/**
 * PUT api/alerts: replaces the settings (a secret sent as the placeholder keeps the stored one); answers them as
 * stored. With `etag`, a 412 ApiFailure when someone saved since they were read.
 */
export async function saveAlertSettings(settings: AlertSettings, etag: string | null): Promise<SavedAlertSettings> {
  const { data, headers } = await request<AlertSettings>("api/alerts", { method: "PUT", body: settings, ifMatch: etag });
  return { settings: data, etag: headers.get("etag") };
}

/** POST api/alerts/test: one attempt on the saved channel `channelId`; answers its history entry (sent or failed). */
export async function sendTestAlert(channelId: string): Promise<HistoryEntry> {
  return (await request<HistoryEntry>("api/alerts/test", { method: "POST", body: { channel: channelId } })).data;
}

/** GET api/alerts/history: newest first. */
export async function loadAlertHistory(): Promise<HistoryEntry[]> {
  return (await request<{ entries: HistoryEntry[] }>("api/alerts/history")).data.entries;
}
