// OpenAPI document and an offline Swagger UI at /api/docs (assets served from swagger-ui-dist, no CDN).
// @elysiajs/openapi rather than @elysiajs/swagger: the latter (1.3.x) hard-codes unpkg.com for swagger-ui-bundle.js.
import { Elysia } from "elysia";
import { openapi } from "@elysiajs/openapi";
import swaggerBundlePath from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import swaggerCssPath from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import { VERSION } from "../../version";
import { pathnameOf } from "../../utils/pathname";

export const DOCS_PATH = "/api/docs";
const ASSETS_PATH = `${DOCS_PATH}/assets`;
/** Swagger UI's page starts itself with an inline script, so the docs page alone allows inline code. */
const DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

const API_DESCRIPTION = [
  "Configure, run and watch tgcf. Every route needs `Authorization: Bearer <token>` or the browser session cookie,",
  "except GET /api/health and POST /api/login. Every error answers `{error, details?}`;",
  "validation errors list `details: [{path, message}]` with JSON pointers.",
].join(" ");

export const docsPlugin = () =>
  new Elysia({ name: "docs" })
    .use(
      openapi({
        path: DOCS_PATH,
        provider: "swagger-ui",
        documentation: {
          info: { title: "tgcf-server API", version: VERSION, description: API_DESCRIPTION },
          components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" }, cookie: { type: "apiKey", in: "cookie", name: "tgcf_session" } } },
          security: [{ bearer: [] }, { cookie: [] }],
          tags: [
            { name: "auth", description: "Sign-in for browsers" },
            { name: "config", description: "tgcf.config.json: read, validate, save, back up" },
            { name: "process", description: "Run, stop and supervise tgcf" },
            { name: "logs", description: "tgcf's output" },
            { name: "server", description: "Health and information" },
          ],
        },
        swagger: {
          // Relative to /api/docs, so the page also works under a reverse proxy's sub-path.
          url: "docs/json",
          cdn: "docs/assets/swagger-ui-bundle.js",
          theme: "docs/assets/swagger-ui.css",
          autoDarkMode: true,
        } as Record<string, unknown>,
      }),
    )
    .onAfterHandle({ as: "global" }, ({ request, set }) => {
      if (pathnameOf(request.url) === DOCS_PATH) set.headers["content-security-policy"] = DOCS_CSP;
    })
    .get(`${ASSETS_PATH}/swagger-ui-bundle.js`, () => asset(swaggerBundlePath, "text/javascript; charset=utf-8"), { detail: { hide: true } })
    .get(`${ASSETS_PATH}/swagger-ui.css`, () => asset(swaggerCssPath, "text/css; charset=utf-8"), { detail: { hide: true } });

function asset(path: string, contentType: string): Response {
  return new Response(Bun.file(path), { headers: { "content-type": contentType, "cache-control": "public, max-age=86400" } });
}
