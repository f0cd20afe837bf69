// The OpenAPI document, built from the app's routes (their schemas and `detail`) at the first request.
import type { AnyElysia } from "elysia";
import { VERSION } from "../../version";

const API_DESCRIPTION = [
  "Configure, run and watch tgcf. Every route needs `Authorization: Bearer <token>` or the browser session cookie,",
  "except GET /api/health and POST /api/login. Every error answers `{error, details?}`;",
  "validation errors list `details: [{path, message}]` with JSON pointers.",
].join(" ");

const TAGS = [
  { name: "auth", description: "Sign-in for browsers" },
  { name: "config", description: "tgcf.config.json: read, validate, save, back up" },
  { name: "process", description: "Run, stop and supervise tgcf" },
  { name: "logs", description: "tgcf's output" },
  { name: "telegram", description: "Telegram sign-in, login check and chat list" },
  { name: "server", description: "Health, readiness, metrics and information" },
  { name: "instances", description: "Several tgcf instances: list, add, rename, delete; every per-instance route under /api/instances/{id}" },
  { name: "activity", description: "What tgcf forwards: counts per connection, time series, past-mode progress, stalls" },
  { name: "alerts", description: "Alerts by webhook, ntfy or Telegram when tgcf fails, stalls or recovers" },
  { name: "tgcf", description: "Detect, install, upgrade and roll back tgcf itself" },
  { name: "uploads", description: "Files tgcf uses (the watermark image)" },
];

/** @elysiajs/openapi is loaded here, on the first request for the document, not at start (it weighs ~3 MB). */
export async function buildOpenApiDocument(app: AnyElysia): Promise<Record<string, unknown>> {
  const { toOpenAPISchema } = await import("@elysiajs/openapi");
  const { paths, components } = toOpenAPISchema(app, { staticFile: false }) as {
    paths: Record<string, unknown>;
    components?: { schemas?: Record<string, unknown> };
  };
  return {
    openapi: "3.0.3",
    info: { title: "tgcf-server API", version: VERSION, description: API_DESCRIPTION },
    tags: TAGS,
    security: [{ bearer: [] }, { cookie: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" }, cookie: { type: "apiKey", in: "cookie", name: "tgcf_session" } },
      schemas: components?.schemas ?? {},
    },
    paths,
  };
}
