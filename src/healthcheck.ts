// `tgcf-server healthcheck`: exit 0 when the server on the configured port answers /api/health (so images need no curl).
import type { Settings } from "./settings";

export const HEALTHCHECK_TIMEOUT_MS = 3_000;

export async function runHealthcheck(settings: Settings): Promise<number> {
  const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${settings.port}/api/health`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(HEALTHCHECK_TIMEOUT_MS) });
    const body = (await response.json()) as { ok?: unknown };
    if (response.ok && body.ok === true) return 0;
    process.stderr.write(`healthcheck: ${url} answered ${response.status}\n`);
  } catch (error) {
    process.stderr.write(`healthcheck: ${url} did not answer: ${(error as Error).message}\n`);
  }
  return 1;
}
