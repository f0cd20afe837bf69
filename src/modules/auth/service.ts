// Who may call the API: a bearer token (API clients) or a session cookie (the browser UI), with CSRF and throttling rules.
import { ApiError } from "../../utils/api-error";
import { SecretMatcher } from "../../utils/timing-safe";
import { FailureThrottle } from "./throttle";
import { SessionStore, SESSION_TTL_MS } from "./sessions";
import { isSafeMethod, isTrustedOrigin } from "./origin";

export const SESSION_COOKIE_NAME = "tgcf_session";

export type AuthenticatedVia = "bearer" | "cookie";

export class Authenticator {
  private readonly token: SecretMatcher;

  constructor(
    token: string,
    readonly sessions: SessionStore,
    private readonly allowedOrigins: readonly string[],
    readonly throttle = new FailureThrottle(),
  ) {
    this.token = new SecretMatcher(token);
  }

  /**
   * Admits a request or throws ApiError 401 / 403 / 429. WebSocket upgrades always need a trusted Origin with a cookie.
   * A valid credential is never throttled, so failures made from the owner's address cannot lock the owner out; a
   * wrong one waits (429) once its client or all clients have failed too often. `clientAddress` is only asked for when
   * needed.
   */
  authenticate(request: Request, clientAddress: () => string, options: { upgrade?: boolean } = {}): AuthenticatedVia {
    const authorization = request.headers.get("authorization");
    if (authorization !== null && authorization.trim() !== "") {
      const presented = bearerTokenOf(authorization);
      if (presented !== null && this.token.matches(presented)) return "bearer";
      this.fail(clientAddress);
    }
    const sessionId = cookieValue(request.headers.get("cookie"), SESSION_COOKIE_NAME);
    if (sessionId !== null && this.sessions.isValid(sessionId)) {
      // A foreign Origin is refused on every method; a missing one only where browsers always send it.
      const hasOrigin = request.headers.has("origin");
      const needsOrigin = hasOrigin || options.upgrade || !isSafeMethod(request.method);
      if (needsOrigin && !isTrustedOrigin(request, this.allowedOrigins)) {
        throw new ApiError(403, "cross-origin request refused: send it from this server's page or an allowed origin");
      }
      return "cookie";
    }
    throw unauthorized();
  }

  /** Exchanges the token for a new session id (the cookie value). */
  async login(presentedToken: unknown, clientAddress: () => string): Promise<string> {
    if (typeof presentedToken !== "string" || !this.token.matches(presentedToken)) this.fail(clientAddress);
    return this.sessions.create();
  }

  async logout(request: Request): Promise<void> {
    const sessionId = cookieValue(request.headers.get("cookie"), SESSION_COOKIE_NAME);
    if (sessionId !== null) await this.sessions.revoke(sessionId);
  }

  /** A wrong credential: 429 while its client (or everybody) is throttled, else counted and 401. */
  private fail(clientAddress: () => string): never {
    const address = clientAddress();
    const retryAfter = this.throttle.retryAfterSeconds(address);
    if (retryAfter > 0) {
      throw new ApiError(429, "too many failed attempts: try again later", undefined, { "retry-after": String(retryAfter) });
    }
    this.throttle.recordFailure(address);
    throw unauthorized();
  }
}

export function unauthorized(): ApiError {
  return new ApiError(401, "unauthorized", undefined, { "www-authenticate": 'Bearer realm="tgcf-server"' });
}

function bearerTokenOf(authorization: string): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  return match ? match[1]! : null;
}

export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim() || null;
  }
  return null;
}

/** The Set-Cookie value for a new session; Secure when the browser reached us over TLS (directly or via a proxy). */
export function sessionCookie(sessionId: string, request: Request): string {
  const secure = isTls(request) ? "; Secure" : "";
  return `${SESSION_COOKIE_NAME}=${sessionId}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_MS / 1000}${secure}`;
}

export function clearedSessionCookie(request: Request): string {
  const secure = isTls(request) ? "; Secure" : "";
  return `${SESSION_COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`;
}

function isTls(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}
