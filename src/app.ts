// Composes the feature plugins into one server; tests start it on port 0.
import { Elysia } from "elysia";
import { cors } from "@elysiajs/cors";
import type { Settings } from "./settings";
import { prepareDataDir } from "./settings";
import { createLogger, type Logger } from "./utils/logger";
import { errorHandler } from "./utils/error-handler";
import { pathnameOf } from "./utils/pathname";
import { checkDeclaredLength, MAX_BODY_BYTES } from "./utils/body-limit";
import { Authenticator } from "./modules/auth/service";
import { FailureThrottle } from "./modules/auth/throttle";
import { SessionStore } from "./modules/auth/sessions";
import { loadOrCreateToken, type LoadedToken } from "./modules/auth/token";
import { authRoutes, clientAddressOf, guardRequest } from "./modules/auth";
import { healthRoutes } from "./modules/health";
import { docsPlugin } from "./modules/docs";
import { uiServeRoutes, webRoutes } from "./modules/web";
import { infoRoutes } from "./modules/info";
import { TgcfInstance } from "./modules/instance/instance";
import { configRoutes } from "./modules/config";
import { processRoutes } from "./modules/process";
import { logRoutes } from "./modules/logs";
import { telegramRoutes } from "./modules/telegram";
import type { TelegramOptions } from "./modules/telegram/service";
import { logSocket, LOG_SOCKET_BACKPRESSURE_HARD_LIMIT } from "./modules/logs/ws";

/** Bun's own body cap sits above the API's, so over-long bodies normally get the API's JSON 413. */
const BUN_BODY_CAP_BYTES = 4 * MAX_BODY_BYTES;
const SHUTDOWN_DEADLINE_MS = 9_000;

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

export interface ServerHandle {
  url: string;
  port: number;
  token: LoadedToken;
  instance: TgcfInstance;
  stop(): Promise<void>;
}

function corsPlugin(origins: readonly string[]) {
  if (origins.length === 0) return new Elysia({ name: "no-cors" });
  return cors({
    origin: (request) => origins.includes(request.headers.get("origin") ?? ""),
    credentials: true,
    methods: ["GET", "POST", "PATCH", "PUT", "DELETE"],
    allowedHeaders: ["authorization", "content-type", "if-match", "accept"],
    exposeHeaders: ["etag", "retry-after", "content-disposition"],
    maxAge: 600,
  });
}

/** Builds the app for an already opened default instance. */
export function buildApp(settings: Settings, auth: Authenticator, instance: TgcfInstance, logger: Logger, selfBaseUrl: () => string) {
  return new Elysia({
    serve: { development: false, maxRequestBodySize: BUN_BODY_CAP_BYTES, routes: uiServeRoutes },
    websocket: { backpressureLimit: LOG_SOCKET_BACKPRESSURE_HARD_LIMIT, closeOnBackpressureLimit: true, idleTimeout: 120 },
  })
    .use(errorHandler(logger))
    .headers(SECURITY_HEADERS)
    .use(corsPlugin(settings.corsOrigins))
    .onRequest(({ request, server }) => {
      checkDeclaredLength(request);
      guardRequest(auth, request, () => clientAddressOf(server, request));
    })
    .onAfterResponse({ as: "global" }, ({ request, set }) => {
      if (logger.enabled("info")) logger.info(`${request.method} ${pathnameOf(request.url)} ${set.status ?? 200}`);
    })
    .use(healthRoutes())
    .use(authRoutes(auth))
    .use(infoRoutes(settings))
    .use(configRoutes(instance.config))
    .use(processRoutes(instance))
    .use(logRoutes(instance.logs))
    .use(logSocket(instance))
    .use(telegramRoutes(instance.telegram))
    .use(docsPlugin())
    .use(webRoutes(selfBaseUrl));
}

export interface ServerOptions {
  logger?: Logger;
  /** Failed sign-ins allowed per address and minute (default 10). */
  maxAuthFailuresPerMinute?: number;
  /** The environment tgcf inherits (default: the server's own, without TGCF_SERVER_* settings). */
  childEnv?: Record<string, string | undefined>;
  /** Telegram sign-in timings: idle timeout, step timeout, code request interval (tests shorten them). */
  telegram?: TelegramOptions;
  /** Heartbeat interval of log sockets (default 25 s; tests shorten it). */
  heartbeatMs?: number;
}

/** Opens the data dir, recovers the default tgcf instance, listens, and returns a handle whose stop() shuts down gracefully. */
export async function startServer(settings: Settings, options: ServerOptions = {}): Promise<ServerHandle> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  prepareDataDir(settings.dataDir);
  const token = loadOrCreateToken(settings.dataDir, settings.token);
  const throttle = new FailureThrottle(options.maxAuthFailuresPerMinute);
  const auth = new Authenticator(token.token, new SessionStore(settings.dataDir, token.token), settings.corsOrigins, throttle);
  const instance = await TgcfInstance.open({ dataDir: settings.dataDir, settings, logger, childEnv: options.childEnv, telegram: options.telegram, heartbeatMs: options.heartbeatMs });

  let port = settings.port;
  const loopbackHost = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
  const app = buildApp(settings, auth, instance, logger, () => `http://${loopbackHost.includes(":") ? `[${loopbackHost}]` : loopbackHost}:${port}`);
  app.listen({ port: settings.port, hostname: settings.host });
  const server = app.server!;
  port = server.port!;
  instance.attachServer(server);
  await instance.start();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const deadline = setTimeout(() => logger.warn("shutdown is taking long"), SHUTDOWN_DEADLINE_MS);
      await instance.close();
      await server.stop(true);
      clearTimeout(deadline);
    })());

  const shownHost = settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host;
  return { url: `http://${shownHost}:${port}`, port, token, instance, stop };
}
