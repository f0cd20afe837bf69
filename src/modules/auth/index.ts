// Sign-in routes, and the guard that admits every request before its body is read: deny by default, on the router's path.
import { Elysia, t } from "elysia";
import { ApiError } from "../../utils/api-error";
import { errorResponses } from "../../utils/error-responses";
import { Authenticator, clearedSessionCookie, sessionCookie, unauthorized, type AuthenticatedVia } from "./service";
import { isTrustedOrigin } from "./origin";
import { PUBLIC_ROUTE, PublicRoutes } from "./public-route";
import { hostProblem, routerPathOf } from "./request-target";

const admitted = new WeakMap<Request, AuthenticatedVia>();

/**
 * Admits requests in two steps that both deny by default. `screen` runs in onRequest, before routing and body parsing,
 * on exactly the path the router will use; `confirm` runs on the route the router matched, so a path read differently
 * by the two can still never reach a protected handler. Public routes are those declared with PUBLIC_ROUTE.
 */
export class RequestGuard {
  private publicRoutes = new PublicRoutes([]);

  constructor(
    private readonly auth: Authenticator,
    private readonly allowedHosts: readonly string[],
  ) {}

  /** Takes the public routes from the app's route list; until then every route needs credentials. */
  learnRoutes(routes: ConstructorParameters<typeof PublicRoutes>[0]): void {
    this.publicRoutes = new PublicRoutes(routes);
  }

  /** Throws ApiError 400/421 for a Host that cannot be served, 401/403/429 for a caller that may not pass. */
  screen(request: Request, clientAddress: () => string): void {
    const problem = hostProblem(request, this.allowedHosts);
    if (problem) throw new ApiError(problem.status, problem.message);
    if (this.publicRoutes.matchesPath(request.method, routerPathOf(request.url))) {
      // Nobody is known yet. A body without a length (a proxy may stream one) is read within the API's limit only as
      // JSON (the app's parse hook), the one type a public route takes: any other type is refused before it is read.
      if (request.body && request.headers.get("content-length") === null && mediaTypeOf(request) !== "application/json") {
        throw new ApiError(415, "send the request body as JSON: Content-Type: application/json");
      }
      return;
    }
    const upgrade = request.headers.get("upgrade")?.toLowerCase() === "websocket";
    admitted.set(request, this.auth.authenticate(request, clientAddress, { upgrade }));
  }

  /** Throws 401 unless the request was admitted or the route the router matched is public. */
  confirm(context: { request: Request; route: string }): void {
    if (admitted.has(context.request)) return;
    if (this.publicRoutes.hasRoute(context.request.method, context.route)) return;
    throw unauthorized();
  }
}

/** Who made a request, for a person to read ("stop requested by web UI", a backup "saved by API token"). */
export function requesterOf(request: Request): string {
  const via = admitted.get(request);
  return via === "cookie" ? "web UI" : via === "bearer" ? "API token" : "server";
}

export function clientAddressOf(server: { requestIP(request: Request): { address: string } | null } | null, request: Request): string {
  return server?.requestIP(request)?.address ?? "unknown";
}

function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Sign-in is for this server's own page: JSON only (a cross-site form cannot send it) and a trusted Origin. */
function checkSignInRequest(request: Request, allowedOrigins: readonly string[]): void {
  const mediaType = mediaTypeOf(request);
  if (mediaType !== "application/json") throw new ApiError(415, "sign in with a JSON body: Content-Type: application/json");
  if (!isTrustedOrigin(request, allowedOrigins)) {
    throw new ApiError(403, "cross-origin sign-in refused: sign in from this server's page (API clients send the token as a bearer header instead)");
  }
}

export const authRoutes = (auth: Authenticator, allowedOrigins: readonly string[]) =>
  new Elysia({ name: "auth-routes" })
    .post(
      "/api/login",
      async ({ body, request, server, set }) => {
        const sessionId = await auth.login(body.token, () => clientAddressOf(server, request));
        set.headers["set-cookie"] = sessionCookie(sessionId, request);
        return { ok: true as const };
      },
      {
        transform: ({ request }) => checkSignInRequest(request, allowedOrigins),
        body: t.Object({ token: t.String({ maxLength: 4096, description: "the server's API token" }) }),
        response: { 200: t.Object({ ok: t.Literal(true) }), ...errorResponses(400, 401, 403, 415, 422, 429) },
        detail: { ...PUBLIC_ROUTE, tags: ["auth"], summary: "Exchange the token for an HttpOnly session cookie (browsers)" },
      },
    )
    .post(
      "/api/logout",
      async ({ request, set }) => {
        await auth.logout(request);
        set.headers["set-cookie"] = clearedSessionCookie(request);
        return { ok: true as const };
      },
      {
        response: { 200: t.Object({ ok: t.Literal(true) }), ...errorResponses(401, 403) },
        detail: { tags: ["auth"], summary: "End the browser session and clear its cookie" },
      },
    );

export { ApiError };
