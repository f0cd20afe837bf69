// Runs wrk against one URL with the bearer header and reads its summary.
import { BENCH_TOKEN } from "./targets";

export const WRK_THREADS = 2;
export const WRK_CONNECTIONS = 50;
export const WRK_SECONDS = 10;
const WRK_GRACE_MS = 20_000;

export interface WrkResult {
  requestsPerSecond: number;
  latencyAvg: string;
  non2xx: number;
  socketErrors: string | null;
}

/** wrk -t2 -c50 -d<seconds>s -H "Authorization: Bearer …" url; throws when wrk prints no result. */
export async function runWrk(url: string, seconds = WRK_SECONDS): Promise<WrkResult> {
  const wrk = Bun.spawn(
    ["wrk", `-t${WRK_THREADS}`, `-c${WRK_CONNECTIONS}`, `-d${seconds}s`, "-H", `Authorization: Bearer ${BENCH_TOKEN}`, url],
    { stdout: "pipe", stderr: "pipe" },
  );
  const timer = setTimeout(() => wrk.kill("SIGKILL"), seconds * 1000 + WRK_GRACE_MS);
  const output = await new Response(wrk.stdout).text();
  await wrk.exited;
  clearTimeout(timer);
  const requestsPerSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]);
  if (!Number.isFinite(requestsPerSecond)) throw new Error(`wrk gave no result: ${output}${await new Response(wrk.stderr).text()}`);
  return {
    requestsPerSecond,
    latencyAvg: /Latency\s+(\S+)/.exec(output)?.[1] ?? "?",
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: /Socket errors:.*/.exec(output)?.[0] ?? null,
  };
}
