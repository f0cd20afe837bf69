// Serves the browser UI, bundled by Bun from public/ (and embedded by `bun build --compile`).
// Bun serves the bundle's assets itself; the page is re-served here so it gets a CSP header and relative asset URLs
// (so the UI also works under a reverse proxy's sub-path).
import { Elysia } from "elysia";
import indexHtml from "../../../public/index.html";

/** Where Bun mounts the raw bundled page; only fetched by the server itself. */
export const UI_SOURCE_PATH = "/__ui-source";

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

/** Static routes handed to Bun.serve: the HTML import makes Bun bundle the page's TypeScript and CSS. */
export const uiServeRoutes = { [UI_SOURCE_PATH]: indexHtml };

/** Rewrites the bundle's root-absolute asset URLs ("/chunk-x.js") to relative ones ("./chunk-x.js"). */
export function relativiseAssetUrls(html: string): string {
  return html.replace(/(\s(?:src|href))="\/(?!\/)/g, '$1="./');
}

export const webRoutes = (selfBaseUrl: () => string) => {
  let page: Promise<string> | null = null;
  const loadPage = async () => {
    const response = await fetch(selfBaseUrl() + UI_SOURCE_PATH);
    if (!response.ok) throw new Error(`bundled UI answered ${response.status}`);
    return relativiseAssetUrls(await response.text());
  };
  return new Elysia({ name: "web" }).get(
    "/",
    async () => {
      page ??= loadPage().catch((error) => {
        page = null;
        throw error;
      });
      return new Response(await page, {
        headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": UI_CSP, "cache-control": "no-cache" },
      });
    },
    { detail: { hide: true } },
  );
};
