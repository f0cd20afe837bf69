// Sign-in routes and the guard that admits every /api and /ws request before anything else runs.
import { Elysia, t } from "elysia";
import { ApiError } from "../../utils/api-error";
import { errorResponses } from "../../utils/error-responses";
import { Authenticator, clearedSessionCookie, sessionCookie, type AuthenticatedVia } from "./service";
import { pathnameOf } from "../../utils/pathname";

/** Paths anyone may call: liveness for Docker, and the exchange of the token for a cookie. */
export const PUBLIC_API_PATHS = new Set(["/api/health", "/api/login"]);

const admitted = new WeakMap<Request, AuthenticatedVia>();

/** How the request was authenticated ("bearer" or "cookie"), for system log lines such as "stop requested by". */
export function authenticatedVia(request: Request): AuthenticatedVia | undefined {
  return admitted.get(request);
}

export function needsAuth(pathname: string): boolean {
  if (PUBLIC_API_PATHS.has(pathname)) return false;
  return pathname === "/api" || pathname.startsWith("/api/") || pathname === "/ws" || pathname.startsWith("/ws/");
}

/** Throws ApiError 401/403/429 for a request that may not pass. */
export function guardRequest(auth: Authenticator, request: Request, clientAddress: () => string): void {
  if (!needsAuth(pathnameOf(request.url))) return;
  const upgrade = request.headers.get("upgrade")?.toLowerCase() === "websocket";
  admitted.set(request, auth.authenticate(request, clientAddress, { upgrade }));
}

export function clientAddressOf(server: { requestIP(request: Request): { address: string } | null } | null, request: Request): string {
  return server?.requestIP(request)?.address ?? "unknown";
}

export const authRoutes = (auth: Authenticator) =>
  new Elysia({ name: "auth-routes" })
    .post(
      "/api/login",
      async ({ body, request, server, set }) => {
        const sessionId = await auth.login(body.token, clientAddressOf(server, request));
        set.headers["set-cookie"] = sessionCookie(sessionId, request);
        return { ok: true as const };
      },
      {
        body: t.Object({ token: t.String({ maxLength: 4096, description: "the server's API token" }) }),
        response: { 200: t.Object({ ok: t.Literal(true) }), ...errorResponses(400, 401, 422, 429) },
        detail: { tags: ["auth"], summary: "Exchange the token for an HttpOnly session cookie (browsers)", security: [] },
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
