// How each kind of channel sends an alert: the HTTP request it makes. Secrets never appear in what is reported.
import { createHmac } from "node:crypto";
import { alertText, headline, webhookPayload, type Alert } from "./alert";
import type { AlertChannel } from "./model";
import { receiverRefusal, shownUrl } from "./receiver-address";

export const SIGNATURE_HEADER = "x-tgcf-signature";
export const DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org";
/** One request may take this long before it counts as a failed attempt. */
export const SEND_TIMEOUT_MS = 10_000;
const ERROR_BODY_CHARS = 200;

export interface SendResult {
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
}

interface PlannedRequest {
  url: string;
  init: RequestInit;
}

/** `sha256=<hex>` of the HMAC-SHA256 of `body` with `secret`: what a receiver recomputes to trust a webhook. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The requests an alert makes on a channel (one per chat for telegram). */
export function requestsFor(channel: AlertChannel, alert: Alert): PlannedRequest[] {
  switch (channel.kind) {
    case "webhook": {
      const body = JSON.stringify(webhookPayload(alert));
      const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "tgcf-server" };
      if (channel.secret) headers[SIGNATURE_HEADER] = signatureOf(body, channel.secret);
      return [{ url: channel.url!, init: { method: "POST", headers, body } }];
    }
    case "ntfy": {
      // Header values must be ASCII-safe for fetch: the title is cut to one line.
      const title = headline(alert).replace(/[^\x20-\x7e]/g, "?").slice(0, 250);
      const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8", title, tags: alert.event, priority: alert.event === "recovered" || alert.event === "test" ? "default" : "high" };
      if (alert.url) headers.click = alert.url;
      return [{ url: channel.url!, init: { method: "POST", headers, body: alertText(alert, true) } }];
    }
    case "telegram": {
      const base = (channel.url ?? DEFAULT_TELEGRAM_API_URL).replace(/\/+$/, "");
      const text = alertText(alert, true);
      return (channel.chatIds ?? []).map((chatId) => ({
        url: `${base}/bot${channel.botToken}/sendMessage`,
        init: { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }) },
      }));
    }
  }
}

/** Sends an alert on a channel: ok when every request got a 2xx. Errors are cut short and cleared of the channel's secrets. */
export async function sendOnChannel(channel: AlertChannel, alert: Alert, timeoutMs = SEND_TIMEOUT_MS): Promise<SendResult> {
  let lastStatus: number | null = null;
  for (const request of requestsFor(channel, alert)) {
    const refused = await receiverRefusal(request.url);
    if (refused) return { ok: false, httpStatus: null, error: withoutSecrets(channel, `not sent to ${shownUrl(request.url)}: ${refused}`) };
    let response: Response;
    try {
      response = await fetch(request.url, { ...request.init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      return { ok: false, httpStatus: null, error: withoutSecrets(channel, (error as Error).message || String(error)) };
    }
    if (response.status < 200 || response.status > 299) {
      const text = await response.text().catch(() => "");
      const detail = text.trim().slice(0, ERROR_BODY_CHARS);
      return { ok: false, httpStatus: response.status, error: withoutSecrets(channel, `HTTP ${response.status}${detail ? `: ${detail}` : ""}`) };
    }
    lastStatus = response.status;
    await response.body?.cancel().catch(() => undefined);
  }
  return { ok: true, httpStatus: lastStatus, error: null };
}

const decoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Takes the channel's secrets out of `text` (as typed and URL-encoded), and its URL but for the origin: a webhook's
 * path or query may be its token, and a receiver's error page often echoes the path.
 */
function withoutSecrets(channel: AlertChannel, text: string): string {
  const hidden: Array<[string, string]> = [];
  if (channel.url && channel.url !== shownUrl(channel.url)) {
    hidden.push([channel.url, shownUrl(channel.url)]);
    try {
      const { pathname, search } = new URL(channel.url);
      for (const part of [pathname + search, pathname, decoded(pathname), search.slice(1), decoded(search.slice(1))]) if (part.length > 1) hidden.push([part, "/…"]);
    } catch {
      // not a URL: nothing more to hide
    }
  }
  for (const secret of [channel.secret, channel.botToken]) {
    if (secret) for (const form of [secret, encodeURIComponent(secret), encodeURI(secret)]) hidden.push([form, "********"]);
  }
  let clean = text;
  for (const [part, shown] of hidden.sort((a, b) => b[0].length - a[0].length)) clean = clean.split(part).join(shown);
  return clean;
}
