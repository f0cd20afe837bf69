// GET /metrics: the instances' state and activity in Prometheus's text format. Not public: it needs the API's
// credentials, or the read-only metrics token (token-gate.ts).
import { Elysia } from "elysia";
import { collectMetrics, type MetricsInstance } from "./collect";
import { EXPOSITION_CONTENT_TYPE, renderExposition } from "./exposition";
import { METRICS_PATH, metricsTokenGate } from "./token-gate";

export { metricsTokenGate };
export type { MetricsInstance };

/** The /metrics answer for these instances. */
export async function metricsResponse(instances: readonly MetricsInstance[]): Promise<Response> {
  const text = renderExposition(await collectMetrics(instances));
  return new Response(text, { headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" } });
}

export const metricsRoutes = (instances: () => readonly MetricsInstance[]) =>
  new Elysia({ name: "metrics" }).get(METRICS_PATH, () => metricsResponse(instances()), {
    detail: {
      tags: ["server"],
      summary: "Prometheus metrics (text exposition format 0.0.4)",
      description:
        "Per instance: up, state, uptime, starts, unexpected exits, running time, messages received/edited/deleted/forwarded per " +
        "connection (label connection = its index in forwards, or other), FloodWaits and their seconds, errors, last activity, " +
        "stalls, log lines and WebSocket clients. Needs the API token or session like every route, or " +
        "`Authorization: Bearer <metrics token>` when TGCF_SERVER_METRICS_TOKEN is set: that token admits this route only.",
      responses: { 200: { description: "the metrics", content: { "text/plain": { schema: { type: "string" } } } } },
    },
  });
