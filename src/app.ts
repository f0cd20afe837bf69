// Composes the feature plugins into one server; tests start it on port 0.
import { Elysia } from "elysia";
import { cors } from "@elysiajs/cors";
import type { Settings } from "./settings";
import { prepareDataDir, SettingsError } from "./settings";
import { createLogger, type Logger } from "./utils/logger";
import { errorHandler } from "./utils/error-handler";
import { pathnameOf } from "./utils/pathname";
import { checkDeclaredLength, MAX_BODY_BYTES } from "./utils/body-limit";
import { assertBodyDepth } from "./utils/body-depth";
import { Authenticator } from "./modules/auth/service";
import { FailureThrottle } from "./modules/auth/throttle";
import { SessionStore } from "./modules/auth/sessions";
import { loadOrCreateToken, type LoadedToken } from "./modules/auth/token";
import { tokenWeakness } from "./modules/auth/token-strength";
import { isDeclaredPublic } from "./modules/auth/public-route";
import { authRoutes, clientAddressOf, RequestGuard } from "./modules/auth";
import { healthRoutes } from "./modules/health";
import { docsPlugin } from "./modules/docs";
import { compressResponses, EmbeddedUi, webRoutes } from "./modules/web";
import { infoRoutes } from "./modules/info";
import { TgcfInstance } from "./modules/instance/instance";
import { configRoutes } from "./modules/config";
import { processRoutes } from "./modules/process";
import { logRoutes } from "./modules/logs";
import { telegramRoutes } from "./modules/telegram";
import { uploadRoutes } from "./modules/uploads";
import { MAX_WATERMARK_BYTES, WATERMARK_ROUTE } from "./modules/uploads/limits";
import { routerPathOf } from "./modules/auth/request-target";
import type { TelegramOptions } from "./modules/telegram/service";
import { logSocket, LOG_SOCKET_BACKPRESSURE_HARD_LIMIT } from "./modules/logs/ws";
import { tgcfInstallRoutes } from "./modules/tgcf-install";
import { activityRoutes } from "./modules/activity";
import { activityServiceFor } from "./modules/activity/for-instance";
import { metricsResponse, metricsRoutes, metricsTokenGate, type MetricsInstance } from "./modules/metrics";
import { readyRoutes } from "./modules/ready";

/** Routes that take larger bodies than the API's limit, by the path the router uses. */
const LARGER_BODY_LIMITS: Record<string, number> = { [WATERMARK_ROUTE]: MAX_WATERMARK_BYTES };
/** Bun's own body cap sits above every route's, so over-long bodies normally get the API's JSON 413. */
const BUN_BODY_CAP_BYTES = 2 * Math.max(MAX_BODY_BYTES, ...Object.values(LARGER_BODY_LIMITS));
const SHUTDOWN_DEADLINE_MS = 9_000;

/** On every response the app sends; pages that need more set their own Content-Security-Policy. */
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

export interface ServerHandle {
  url: string;
  port: number;
  token: LoadedToken;
  instance: TgcfInstance;
  /** Every route the app serves, as its router knows it (tests walk this list). */
  routes: ReadonlyArray<{ method: string; path: string; public: boolean }>;
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
export function buildApp(settings: Settings, auth: Authenticator, instance: TgcfInstance, logger: Logger, ui: EmbeddedUi, metricsToken?: string) {
  const guard = new RequestGuard(auth, settings.allowedHosts);
  const activity = activityServiceFor(instance);
  const metricsInstances: MetricsInstance[] = [{ activity, webSocketClients: () => app.server?.subscriberCount(instance.topic) ?? 0 }];
  const app = new Elysia({
    // The router must take the path from the URL without guessing the Host's length (see RequestGuard).
    handler: { standardHostname: false },
    serve: { development: false, maxRequestBodySize: BUN_BODY_CAP_BYTES },
    websocket: { backpressureLimit: LOG_SOCKET_BACKPRESSURE_HARD_LIMIT, closeOnBackpressureLimit: true, idleTimeout: 120 },
  })
    .use(errorHandler(logger))
    .use(compressResponses())
    .headers(SECURITY_HEADERS)
    .use(corsPlugin(settings.corsOrigins))
    .use(metricsTokenGate({ token: metricsToken, allowedHosts: settings.allowedHosts, respond: () => metricsResponse(metricsInstances) }))
    .onRequest(({ request, server }) => {
      checkDeclaredLength(request, LARGER_BODY_LIMITS[routerPathOf(request.url)]);
      guard.screen(request, () => clientAddressOf(server, request));
    })
    .onTransform({ as: "global" }, (context) => {
      guard.confirm(context);
      assertBodyDepth(context.body);
    })
    .onAfterResponse({ as: "global" }, ({ request, set }) => {
      if (logger.enabled("info")) logger.info(`${request.method} ${pathnameOf(request.url)} ${set.status ?? 200}`);
    })
    .use(healthRoutes())
    .use(authRoutes(auth, settings.corsOrigins))
    .use(infoRoutes(settings))
    .use(configRoutes(instance.config))
    .use(processRoutes(instance))
    .use(logRoutes(instance.logs))
    .use(logSocket(instance))
    .use(telegramRoutes(instance.telegram))
    .use(uploadRoutes(instance.dataDir))
    .use(tgcfInstallRoutes({ dataDir: settings.dataDir, configuredCommand: settings.tgcfCommand }))
    .use(activityRoutes(activity))
    .use(metricsRoutes(() => metricsInstances))
    .use(readyRoutes(() => [{ id: instance.id, dataDir: instance.dataDir, status: () => instance.supervisor.status() }]))
    .use(docsPlugin())
    .use(webRoutes(ui));
  guard.learnRoutes(app.routes);
  return app;
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
  /** The read-only token that admits GET /metrics only (TGCF_SERVER_METRICS_TOKEN); none by default. */
  metricsToken?: string;
}

/** Opens the data dir, recovers the default tgcf instance, listens, and returns a handle whose stop() shuts down gracefully. */
export async function startServer(settings: Settings, options: ServerOptions = {}): Promise<ServerHandle> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  prepareDataDir(settings.dataDir);
  const token = loadOrCreateToken(settings.dataDir, settings.token);
  const weakness = token.source === "file" ? tokenWeakness(token.token) : null;
  if (weakness) throw new SettingsError(`the token in ${token.path}: ${weakness}`);
  const throttle = new FailureThrottle(options.maxAuthFailuresPerMinute);
  const auth = new Authenticator(token.token, new SessionStore(settings.dataDir, token.token), settings.corsOrigins, throttle);
  const instance = await TgcfInstance.open({ dataDir: settings.dataDir, settings, logger, childEnv: options.childEnv, telegram: options.telegram, heartbeatMs: options.heartbeatMs });

  const ui = new EmbeddedUi();
  const app = buildApp(settings, auth, instance, logger, ui, options.metricsToken);
  app.listen({ port: settings.port, hostname: settings.host });
  const server = app.server!;
  const port = server.port!;
  instance.attachServer(server);
  await instance.start();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const deadline = setTimeout(() => logger.warn("shutdown is taking long"), SHUTDOWN_DEADLINE_MS);
      await instance.close();
      await server.stop(true);
      ui.stop();
      clearTimeout(deadline);
    })());

  const shownHost = settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host;
  const routes = app.routes.map((route) => ({ method: route.method, path: route.path, public: isDeclaredPublic(route) }));
  return { url: `http://${shownHost}:${port}`, port, token, instance, routes, stop };
}
