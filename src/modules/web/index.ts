// Serves the browser UI: the page at / and its bundled assets under /assets/, public, with a CSP and the security headers.
import { Elysia } from "elysia";
import { PUBLIC_ROUTE } from "../auth/public-route";
import { EmbeddedUi, type UiFile } from "./embedded-ui";

export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const ASSET_CACHE = "public, max-age=31536000, immutable";

function respond(file: UiFile, headers: Record<string, string>): Response {
  return new Response(file.body, { headers: { "content-type": file.contentType, ...headers } });
}

export const webRoutes = (ui: EmbeddedUi) =>
  new Elysia({ name: "web" })
    .get("/", async () => respond(await ui.indexPage(), { "content-security-policy": UI_CSP, "cache-control": "no-cache" }), {
      detail: { ...PUBLIC_ROUTE, hide: true },
    })
    .get(
      "/assets/:name",
      async ({ params, set }) => {
        const file = await ui.asset(params.name);
        if (file) return respond(file, { "cache-control": ASSET_CACHE });
        set.status = 404;
        return { error: "not found" };
      },
      { detail: { ...PUBLIC_ROUTE, hide: true } },
    );

export { EmbeddedUi };
