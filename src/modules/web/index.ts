// Serves the browser UI: the page at / and its bundled assets under /assets/, public, with a CSP and the security
// headers, compressed (brotli or gzip, as the browser accepts) from a cache made once per file.
import { Elysia } from "elysia";
import { PUBLIC_ROUTE } from "../auth/public-route";
import { CompressedCache, negotiateEncoding, varyWithEncoding, worthCompressing } from "./compression";
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

function respond(file: UiFile, request: Request, compressed: CompressedCache, headers: Record<string, string>): Response {
  const all: Record<string, string> = { "content-type": file.contentType, ...headers };
  if (!worthCompressing(file.contentType, file.body.byteLength)) return new Response(file.body, { headers: all });
  all.vary = varyWithEncoding(all.vary);
  const encoding = negotiateEncoding(request.headers.get("accept-encoding"));
  if (!encoding || request.method === "HEAD") return new Response(file.body, { headers: all });
  all["content-encoding"] = encoding;
  return new Response(compressed.get(file.body, encoding) as Uint8Array<ArrayBuffer>, { headers: all });
}

export const webRoutes = (ui: EmbeddedUi, compressed = new CompressedCache()) =>
  new Elysia({ name: "web" })
    .get(
      "/",
      async ({ request }) => respond(await ui.indexPage(), request, compressed, { "content-security-policy": UI_CSP, "cache-control": "no-cache" }),
      { detail: { ...PUBLIC_ROUTE, hide: true } },
    )
    .get(
      "/assets/:name",
      async ({ params, request, set }) => {
        const file = await ui.asset(params.name);
        if (file) return respond(file, request, compressed, { "cache-control": ASSET_CACHE });
        set.status = 404;
        return { error: "not found" };
      },
      { detail: { ...PUBLIC_ROUTE, hide: true } },
    );

export { EmbeddedUi };
export { compressResponses } from "./compress-responses";
