// API docs at /api/docs: the OpenAPI document and Swagger UI served from this server (no CDN, no inline script).
import { Elysia, type AnyElysia } from "elysia";
import swaggerBundlePath from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import swaggerCssPath from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import swaggerInitPath from "./swagger-init.js" with { type: "file" };
import { buildOpenApiDocument } from "./openapi-document";

export const DOCS_PATH = "/api/docs";
const ASSETS_PATH = `${DOCS_PATH}/assets`;
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

// Relative URLs (from /api/docs: docs/...), so the page also works under a reverse proxy's sub-path.
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>tgcf-server API</title>
  <link rel="stylesheet" href="docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="docs/assets/swagger-ui-bundle.js"></script>
  <script src="docs/assets/swagger-init.js"></script>
</body>
</html>
`;

function asset(path: string, contentType: string): Response {
  return new Response(Bun.file(path), { headers: { "content-type": contentType, "cache-control": "public, max-age=86400" } });
}

export const docsPlugin = () => {
  let document: Promise<Record<string, unknown>> | null = null;
  const routesOf: { app: AnyElysia | null } = { app: null };
  const plugin = new Elysia({ name: "docs" })
    .get(DOCS_PATH, () => new Response(DOCS_PAGE, { headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": DOCS_CSP } }), {
      detail: { hide: true },
    })
    // Routes are all registered before the first request, so the document is built once.
    .get(`${DOCS_PATH}/json`, () => (document ??= buildOpenApiDocument(routesOf.app!)), { detail: { hide: true } })
    .get(`${ASSETS_PATH}/swagger-ui-bundle.js`, () => asset(swaggerBundlePath, "text/javascript; charset=utf-8"), { detail: { hide: true } })
    .get(`${ASSETS_PATH}/swagger-ui.css`, () => asset(swaggerCssPath, "text/css; charset=utf-8"), { detail: { hide: true } })
    .get(`${ASSETS_PATH}/swagger-init.js`, () => asset(swaggerInitPath, "text/javascript; charset=utf-8"), { detail: { hide: true } });
  routesOf.app = plugin;
  return plugin;
};
