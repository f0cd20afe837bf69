// The read-only metrics token: a bearer token that admits GET /metrics and nothing else, so a Prometheus scraper
// never holds the API token. The guard (auth/index.ts) knows only the API token and would refuse it, so this gate
// runs before the guard and answers the scrape itself; any other request, or a wrong token, goes on to the guard,
// which counts the failure like any other.
import { Elysia } from "elysia";
import { SecretMatcher } from "../../utils/timing-safe";
import { hostProblem, routerPathOf } from "../auth/request-target";
import { tokenWeakness } from "../auth/token-strength";
import { SettingsError } from "../../settings";

export const METRICS_PATH = "/metrics";

export interface MetricsTokenOptions {
  /** The metrics token (TGCF_SERVER_METRICS_TOKEN); none: only the API's own credentials admit /metrics. */
  token: string | undefined;
  /** The server's allowed Host names, checked as the guard checks them. */
  allowedHosts: readonly string[];
  /** The /metrics answer. */
  respond: () => Promise<Response>;
}

/** The bearer token of an Authorization header, or null. */
function bearerOf(header: string | null): string | null {
  const match = header === null ? null : /^Bearer +(\S+) *$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * Must be used before the guard's onRequest. Throws SettingsError for a weak token, like the API token's check.
 * A request it does not answer is left untouched.
 */
export function metricsTokenGate(options: MetricsTokenOptions) {
  const gate = new Elysia({ name: "metrics-token-gate" });
  if (options.token === undefined || options.token === "") return gate;
  const weakness = tokenWeakness(options.token);
  if (weakness) throw new SettingsError(`the metrics token (TGCF_SERVER_METRICS_TOKEN): ${weakness}`);
  const matcher = new SecretMatcher(options.token);
  // onRequest hooks run for every request of the app the plugin is used in, before routing.
  return gate.onRequest(({ request }) => {
    if (request.method !== "GET" && request.method !== "HEAD") return;
    if (routerPathOf(request.url) !== METRICS_PATH) return;
    const presented = bearerOf(request.headers.get("authorization"));
    if (presented === null || !matcher.matches(presented)) return;
    if (hostProblem(request, options.allowedHosts) !== null) return;
    return options.respond();
  });
}
