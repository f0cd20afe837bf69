// Composes the feature plugins into one server; tests start it on port 0.
import { Elysia } from "elysia";
import { cors } from "@elysiajs/cors";
import type { Settings } from "./settings";
import { prepareDataDir, SettingsError } from "./settings";
import { createLogger, type Logger } from "./utils/logger";
import { errorHandler } from "./utils/error-handler";
import { pathnameOf } from "./utils/pathname";
import { checkDeclaredLength, MAX_BODY_BYTES, parseJsonBody, readBodyText } from "./utils/body-limit";
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
import { logSockets, LOG_SOCKET_BACKPRESSURE_HARD_LIMIT } from "./modules/logs/ws";
import { InstanceRegistry } from "./modules/instances/registry";
import { migrateDataDir } from "./modules/instances/migrate";
import { instancesRoutes } from "./modules/instances";
import { defaultInstanceScope, perInstanceScope, type InstanceScope } from "./modules/instances/scope";
import { DEFAULT_INSTANCE_ID } from "./modules/instances/layout";
import { tgcfInstallRoutes } from "./modules/tgcf-install";
import { activityRoutes } from "./modules/activity";
import { metricsResponse, metricsRoutes, metricsTokenGate, type MetricsInstance } from "./modules/metrics";
import { readyRoutes } from "./modules/ready";
import { alertRoutes } from "./modules/alerts";
import { AlertService } from "./modules/alerts/service";

/** Routes that take larger bodies than the API's limit, by the path the router uses (under /api, for the instance default). */
const LARGER_BODY_LIMITS: Record<string, number> = { [WATERMARK_ROUTE]: MAX_WATERMARK_BYTES };
/** The same routes of any instance: /api/instances/<id>/… */
const INSTANCE_PATH_PREFIX = /^\/api\/instances\/[^/]+(?=\/)/;

function largerBodyLimitOf(path: string): number | undefined {
  return LARGER_BODY_LIMITS[path] ?? LARGER_BODY_LIMITS[path.replace(INSTANCE_PATH_PREFIX, "/api")];
}
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
  /** The instance default (the seed's routes address it). */
  instance: TgcfInstance;
  instances: InstanceRegistry;
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

/** The per-instance routes, mounted once per scope: /api/instances/:id/… and, for the instance default, /api/…. */
function instanceRoutes(scope: InstanceScope, registry: InstanceRegistry) {
  return new Elysia({ name: "instance-routes", seed: scope.key })
    .use(configRoutes(scope.of((instance) => instance.config)))
    .use(processRoutes(scope))
    .use(logRoutes(scope.of((instance) => instance.logs)))
    .use(telegramRoutes(scope.of((instance) => instance.telegram)))
    .use(uploadRoutes(scope.of((instance) => instance.dataDir)))
    .use(activityRoutes(scope.of((instance) => registry.activityOf(instance.id))));
}

/** Builds the app for the already opened instances. */
export function buildApp(settings: Settings, auth: Authenticator, registry: InstanceRegistry, logger: Logger, ui: EmbeddedUi, metricsToken?: string, alerts?: AlertService) {
  const guard = new RequestGuard(auth, settings.allowedHosts);
  const metricsInstances = (): MetricsInstance[] =>
    registry.ids().map((id) => ({ activity: registry.activityOf(id), webSocketClients: () => app.server?.subscriberCount(registry.peek(id).topic) ?? 0 }));
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
    .use(metricsTokenGate({ token: metricsToken, allowedHosts: settings.allowedHosts, respond: () => metricsResponse(metricsInstances()) }))
    .onRequest(({ request, server }) => {
      checkDeclaredLength(request, largerBodyLimitOf(routerPathOf(request.url)));
      guard.screen(request, () => clientAddressOf(server, request));
    })
    .onParse({ as: "global" }, async ({ request, contentType }) => {
      // A JSON body without a declared length (chunked) is read here within the API's limit (Bun's own cap is far
      // above it); routes that read their body themselves get the same text from readBodyText.
      if (request.headers.get("content-length") !== null || !request.body || (contentType ?? "").trim().toLowerCase() !== "application/json") return;
      return parseJsonBody(await readBodyText(request));
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
    .use(instancesRoutes(registry))
    .use(instanceRoutes(perInstanceScope(registry), registry))
    .use(instanceRoutes(defaultInstanceScope(registry), registry))
    .use(logSockets(registry))
    .use(tgcfInstallRoutes({ dataDir: settings.dataDir, configuredCommand: settings.tgcfCommand }))
    .use(metricsRoutes(metricsInstances))
    .use(
      readyRoutes(() =>
        registry.ids().map((id) => {
          const instance = registry.peek(id);
          return { id, dataDir: instance.dataDir, status: () => instance.supervisor.status() };
        }),
      ),
    )
    .use(alerts ? alertRoutes(alerts) : new Elysia({ name: "no-alerts" }))
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

/** Opens the data dir (moving a single-instance one into instances/default), recovers every tgcf instance, listens, and returns a handle whose stop() shuts down gracefully. */
export async function startServer(settings: Settings, options: ServerOptions = {}): Promise<ServerHandle> {
  const logger = options.logger ?? createLogger(settings.logLevel);
  prepareDataDir(settings.dataDir);
  migrateDataDir(settings.dataDir, (line) => logger.warn(line));
  const token = loadOrCreateToken(settings.dataDir, settings.token);
  const weakness = token.source === "file" ? tokenWeakness(token.token) : null;
  if (weakness) throw new SettingsError(`the token in ${token.path}: ${weakness}`);
  const throttle = new FailureThrottle(options.maxAuthFailuresPerMinute);
  const auth = new Authenticator(token.token, new SessionStore(settings.dataDir, token.token), settings.corsOrigins, throttle);
  const registry = await InstanceRegistry.open(settings.dataDir, settings, logger, { childEnv: options.childEnv, telegram: options.telegram, heartbeatMs: options.heartbeatMs });

  const ui = new EmbeddedUi();
  const alerts = AlertService.forRegistry(registry, logger);
  const app = buildApp(settings, auth, registry, logger, ui, options.metricsToken ?? settings.metricsToken ?? undefined, alerts);
  app.listen({ port: settings.port, hostname: settings.host });
  const server = app.server!;
  const port = server.port!;
  await registry.start(server);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const deadline = setTimeout(() => logger.warn("shutdown is taking long"), SHUTDOWN_DEADLINE_MS);
      alerts.close();
      await registry.close();
      await server.stop(true);
      ui.stop();
      clearTimeout(deadline);
    })());

  const shownHost = settings.host === "0.0.0.0" || settings.host === "::" ? "localhost" : settings.host;
  const routes = app.routes.map((route) => ({ method: route.method, path: route.path, public: isDeclaredPublic(route) }));
  return { url: `http://${shownHost}:${port}`, port, token, instance: registry.get(DEFAULT_INSTANCE_ID), instances: registry, routes, stop };
}
