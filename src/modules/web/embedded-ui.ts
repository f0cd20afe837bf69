// The UI bundle, served by Bun on a private socket that only this server reads, so that every byte a browser gets
// passes through the app (security headers, and no second copy of the page without them).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "bun";
import indexHtml from "../../../public/index.html";

/** Asset names the bundle produces (chunk-<hash>.js and the like); anything else is never asked of the bundle. */
export const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** Bounds the cache should the bundle ever answer many names. */
const MAX_CACHED_ASSETS = 64;

export interface UiFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** Rewrites the bundle's root-absolute asset URLs ("/chunk-x.js") to relative ones under assets/ ("./assets/chunk-x.js"). */
export function relativiseAssetUrls(html: string): string {
  return html.replace(/(\s(?:src|href))="\/(?!\/)/g, '$1="./assets/');
}

export class EmbeddedUi {
  private server: Server<undefined> | null = null;
  private socketDir: string | null = null;
  private page: Promise<UiFile> | null = null;
  private assets = new Map<string, UiFile>();

  /** The page, with asset URLs made relative (so the UI also works under a reverse proxy's sub-path). */
  indexPage(): Promise<UiFile> {
    this.page ??= this.fetchFile("/").then(
      (file) => ({ ...file, body: new TextEncoder().encode(relativiseAssetUrls(new TextDecoder().decode(file.body))) }),
      (error) => {
        this.page = null;
        throw error;
      },
    );
    return this.page;
  }

  /** A bundled asset by name, or null when the bundle has none of that name. */
  async asset(name: string): Promise<UiFile | null> {
    if (!ASSET_NAME.test(name)) return null;
    const cached = this.assets.get(name);
    if (cached) return cached;
    const file = await this.fetchFile(`/${name}`).catch(() => null);
    if (file && this.assets.size < MAX_CACHED_ASSETS) this.assets.set(name, file);
    return file;
  }

  stop(): void {
    this.server?.stop(true);
    this.server = null;
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
    this.socketDir = null;
  }

  private async fetchFile(path: string): Promise<UiFile> {
    const server = this.start();
    const response = await fetch(`http://bundle${path}`, server.unix ? { unix: server.unix } : undefined).catch(() =>
      fetch(`http://127.0.0.1:${server.port}${path}`),
    );
    if (!response.ok) throw new Error(`the bundled UI answered ${response.status} for ${path}`);
    return { body: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get("content-type") ?? "application/octet-stream" };
  }

  /** A Unix socket in a private directory where one can be made, else a loopback port (it serves only the public UI). */
  private start(): { unix: string | null; port: number } {
    if (!this.server) {
      const routes = { "/": indexHtml };
      try {
        this.socketDir = mkdtempSync(join(tmpdir(), "tgcf-server-ui-"));
        this.server = Bun.serve({ unix: join(this.socketDir, "ui.sock"), routes, development: false, fetch: notFound });
      } catch {
        this.server = Bun.serve({ hostname: "127.0.0.1", port: 0, routes, development: false, fetch: notFound });
      }
    }
    const unix = this.socketDir ? join(this.socketDir, "ui.sock") : null;
    return { unix, port: this.server.port ?? 0 };
  }
}

function notFound(): Response {
  return new Response("not found", { status: 404 });
}
