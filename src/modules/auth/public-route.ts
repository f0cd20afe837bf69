// A route is public only where it is defined: its OpenAPI detail says it needs no security. The guard reads this mark
// from the app's own route list, so the docs and the guard cannot disagree, and a route without the mark needs credentials.

/** Spread into a route's `detail` to make it public: `detail: { ...PUBLIC_ROUTE, summary: "..." }`. */
export const PUBLIC_ROUTE = { security: [] as Array<Record<string, string[]>> };

interface RouteLike {
  method: string;
  path: string;
  hooks?: { detail?: { security?: unknown } };
}

/** The key the guard looks a request up by. HEAD is answered by the GET route, so it shares its key. */
export function routeKey(method: string, path: string): string {
  return `${method === "HEAD" ? "GET" : method} ${path}`;
}

export function isDeclaredPublic(route: RouteLike): boolean {
  const security = route.hooks?.detail?.security;
  return Array.isArray(security) && security.length === 0;
}

/** The routes declared public, looked up by method and path: exactly, or by their :param patterns. */
export class PublicRoutes {
  private readonly keys: Set<string>;
  private readonly patterns: RegExp[];

  constructor(routes: readonly RouteLike[]) {
    const declared = routes.filter(isDeclaredPublic);
    this.keys = new Set(declared.map((route) => routeKey(route.method, route.path)));
    this.patterns = declared.filter((route) => route.path.includes(":")).map((route) => patternOf(routeKey(route.method, route.path)));
  }

  /** For the route the router matched (its pattern). */
  hasRoute(method: string, routePath: string): boolean {
    return this.keys.has(routeKey(method, routePath));
  }

  /** For a request's path, before routing. A wrong yes is caught by hasRoute once the router has matched. */
  matchesPath(method: string, path: string): boolean {
    const key = routeKey(method, path);
    return this.keys.has(key) || this.patterns.some((pattern) => pattern.test(key));
  }
}

function patternOf(key: string): RegExp {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z_]+/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}
