// What the router sees of a request: its Host header, checked, and its path, taken exactly as Elysia takes it.

/** A Host as RFC 9110 allows it for us: a DNS name, an IPv4 address or a bracketed IPv6 address, then an optional port. */
const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})?(?:\.[A-Za-z0-9_-]{1,63})*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;
const MAX_HOST_LENGTH = 261;
/** Names that a browser only ever sends for this machine itself: DNS rebinding cannot produce them. */
const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The path Elysia routes by, with `standardHostname: false` (app.ts): from the first "/" after "http://" to the query.
 * The guard must use this very rule: a second parse of the URL could disagree with the router (the bypass of issue 9).
 */
export function routerPathOf(url: string): string {
  const start = url.indexOf("/", 7);
  if (start === -1) return "/";
  const query = url.indexOf("?", start + 1);
  return url.substring(start, query === -1 ? undefined : query);
}

/** The Host header's name without the port, lower case. */
export function hostnameOf(host: string): string {
  const withoutPort = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
  return withoutPort.toLowerCase().replace(/\.$/, "");
}

/**
 * Why a request's Host cannot be served, or null when it can. The URL Bun builds from it must hold a well-formed
 * authority too, so that the router's path starts right after it (for a Host it cannot use, Bun builds a relative URL).
 */
export function hostProblem(request: Request, allowedHosts: readonly string[]): { status: number; message: string } | null {
  const host = request.headers.get("host");
  if (host === null || host === "") return { status: 400, message: "the Host header is missing or empty" };
  if (!isWellFormedHost(host)) return { status: 400, message: "the Host header is malformed" };
  const url = request.url;
  const authorityEnd = url.indexOf("/", 7);
  if (!url.startsWith("http://") || authorityEnd === -1 || !isWellFormedHost(url.slice(7, authorityEnd))) {
    return { status: 400, message: "the request target is malformed" };
  }
  if (allowedHosts.length > 0) {
    const name = hostnameOf(host);
    if (!LOOPBACK_HOSTNAMES.has(name) && !allowedHosts.includes(name)) {
      return { status: 421, message: `this server does not answer to the host "${name}": add it with --allowed-host` };
    }
  }
  return null;
}

const MAX_PORT = 65_535;

function isWellFormedHost(host: string): boolean {
  if (host.length > MAX_HOST_LENGTH || !HOST_HEADER.test(host)) return false;
  const port = /:(\d+)$/.exec(host)?.[1];
  return port === undefined || Number(port) <= MAX_PORT;
}
