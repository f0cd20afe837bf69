// Liveness for Docker and load balancers: public, answers nothing about the server's state.
import { Elysia, t } from "elysia";
import { PUBLIC_ROUTE } from "../auth/public-route";

export const healthRoutes = () =>
  new Elysia({ name: "health" }).get("/api/health", () => ({ ok: true as const }), {
    response: { 200: t.Object({ ok: t.Literal(true) }) },
    detail: { ...PUBLIC_ROUTE, tags: ["server"], summary: "Liveness (no auth)" },
  });
