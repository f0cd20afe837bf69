// GET /api/ready: public readiness (503 when an instance that should run has given up or waits too long to restart).
import { Elysia, t } from "elysia";
import { PUBLIC_ROUTE } from "../auth/public-route";
import type { SupervisorStatus } from "../process/state";
import { ProcessStateSchema } from "../process/model";
import { BACKOFF_READY_LIMIT_MS, desiredRunning, readinessOf } from "./readiness";

export interface ReadySource {
  id: string;
  dataDir: string;
  status(): SupervisorStatus;
}

const ReadyBody = t.Object({
  ready: t.Boolean(),
  instances: t.Array(
    t.Object({
      id: t.String(),
      ready: t.Boolean(),
      state: ProcessStateSchema,
      reason: t.String({ description: "what the instance is doing; for a 503, what to do" }),
    }),
  ),
});

/** Ready when every instance is. The desired state is read only for the states where it matters (fatal, backoff). */
export async function readinessReport(sources: readonly ReadySource[], now = Date.now(), backoffLimitMs = BACKOFF_READY_LIMIT_MS) {
  const instances = await Promise.all(
    sources.map(async (source) => {
      const status = source.status();
      const desired = status.state === "fatal" || status.state === "backoff" ? await desiredRunning(source.dataDir) : null;
      return { id: source.id, state: status.state, ...readinessOf(status, desired, now, backoffLimitMs) };
    }),
  );
  return { ready: instances.every((instance) => instance.ready), instances };
}

export const readyRoutes = (sources: () => readonly ReadySource[], backoffLimitMs = BACKOFF_READY_LIMIT_MS) =>
  new Elysia({ name: "ready" }).get(
    "/api/ready",
    async ({ set }) => {
      const report = await readinessReport(sources(), Date.now(), backoffLimitMs);
      set.status = report.ready ? 200 : 503;
      set.headers["cache-control"] = "no-store";
      return report;
    },
    {
      response: { 200: ReadyBody, 503: ReadyBody },
      detail: {
        ...PUBLIC_ROUTE,
        tags: ["server"],
        summary: "Readiness (no auth): 503 when tgcf should be running but gave up (fatal) or has waited to restart for too long",
        description: `503 when an instance's desired state is running and its supervisor is fatal, or has been in backoff for more than ${BACKOFF_READY_LIMIT_MS / 60_000} minutes; 200 otherwise (stopped and finished count as ready). The body says why and holds nothing secret.`,
      },
    },
  );
