// Decides whether a browser request comes from this server's own page or an allowed origin.

/** The origins that name this server as the browser reached it (directly or through a reverse proxy). */
function ownOrigins(request: Request): string[] {
  const url = new URL(request.url);
  const hosts = [request.headers.get("host"), request.headers.get("x-forwarded-host")?.split(",")[0]?.trim()].filter(
    (host): host is string => !!host,
  );
  const origins = [url.origin];
  for (const host of hosts) origins.push(`http://${host}`, `https://${host}`);
  return origins;
}

/** True when the request's Origin header is this server or one of the allowed CORS origins. A missing Origin is false. */
export function isTrustedOrigin(request: Request, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  return allowedOrigins.includes(origin) || ownOrigins(request).includes(origin);
}

/** Methods that change nothing, for which a cookie alone is enough (SameSite=Strict and CORS do the rest). */
export function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}
