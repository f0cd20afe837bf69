// Liveness for Docker and load balancers: public, answers nothing about the server's state.
import { Elysia, t } from "elysia";

export const healthRoutes = () =>
  new Elysia({ name: "health" }).get("/api/health", () => ({ ok: true as const }), {
    response: { 200: t.Object({ ok: t.Literal(true) }) },
    detail: { tags: ["server"], summary: "Liveness (no auth)", security: [] },
  });
