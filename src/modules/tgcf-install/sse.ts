// GET /api/tgcf/install/events as server-sent events: an install's events from its start (or after Last-Event-ID),
// then each as it happens, until it finishes. EventSource reconnects on its own; a client closes it on `finished`.
import type { InstallEvent, InstallReport } from "./model";
import type { InstallProgress } from "./progress";

/** A comment line this often keeps proxies from closing the stream while pip builds something for minutes. */
export const SSE_HEARTBEAT_MS = 15_000;

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-store",
  // nginx would otherwise buffer the stream and deliver it in one piece at the end.
  "x-accel-buffering": "no",
};

/** `installId:seq` of the last event a reconnecting client saw → the seq to continue after, for that install only. */
export function resumeAfter(lastEventId: string | null, installId: string): number {
  const [id, seq] = (lastEventId ?? "").split(":");
  return id === installId && /^\d+$/.test(seq ?? "") ? Number(seq) : 0;
}

function frame(type: string, data: unknown, id?: string): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The events of `progress` (the running or last install of this process). Without one, a single `idle` event
 * carrying the last saved report (or null), and the stream ends.
 */
export function installEventStream(progress: InstallProgress | null, lastReport: InstallReport | null, lastEventId: string | null, heartbeatMs = SSE_HEARTBEAT_MS): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let unsubscribe = () => {};
      const heartbeat = setInterval(() => controller.enqueue(encoder.encode(": keep-alive\n\n")), heartbeatMs);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
      };
      const end = () => {
        if (closed) return;
        stop();
        controller.close();
      };
      if (progress === null) {
        controller.enqueue(encoder.encode(frame("idle", { report: lastReport })));
        return end();
      }
      unsubscribe = progress.follow(resumeAfter(lastEventId, progress.id), (event: InstallEvent) => {
        if (closed) return;
        controller.enqueue(encoder.encode(frame(event.type, event, `${event.installId}:${event.seq}`)));
        if (event.type === "finished") end();
      });
      if (progress.announced) end();
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}
