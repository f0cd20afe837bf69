// The install routes on their own Elysia app (with the server's error handler), for tests that give pip its own
// environment; and a reader of their server-sent events.
import { Elysia } from "elysia";
import { errorHandler } from "../../../src/utils/error-handler";
import { createLogger } from "../../../src/utils/logger";
import { tgcfInstallRoutes } from "../../../src/modules/tgcf-install";
import { TgcfInstaller } from "../../../src/modules/tgcf-install/installer";
import type { InstallEvent } from "../../../src/modules/tgcf-install/model";

export interface InstallApi {
  url: string;
  installer: TgcfInstaller;
  post(path: string, body?: unknown): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export function startInstallApi(dataDir: string, env: Record<string, string | undefined>): InstallApi {
  const installer = new TgcfInstaller({ dataDir, env });
  const app = new Elysia()
    .use(errorHandler(createLogger("error", () => {})))
    .use(tgcfInstallRoutes({ dataDir, configuredCommand: "tgcf", env, installer }))
    .listen({ port: 0, hostname: "127.0.0.1" });
  const url = `http://127.0.0.1:${app.server!.port}`;
  return {
    url,
    installer,
    post: (path, body) => fetch(url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) }),
    get: (path, headers = {}) => fetch(url + path, { headers }),
    async stop() {
      await installer.settled();
      await app.stop(true);
    },
  };
}

export interface ServerSentEvent {
  id: string | null;
  event: string;
  data: InstallEvent;
}

/** Reads a whole event stream (it ends after `finished`, or after `idle`). */
export async function readEventStream(response: Response): Promise<ServerSentEvent[]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const fields = new Map(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)] as const));
      return { id: fields.get("id") ?? null, event: fields.get("event") ?? "message", data: JSON.parse(fields.get("data") ?? "null") };
    });
}
