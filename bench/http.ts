// Scenario 4 (issue 3): wrk on GET /api/status with the bearer header (2 threads, 50 connections, 10 s), against
// tgcf-server and against the yardstick's handler that answers the same JSON. Goal: ≥ 60 % of the yardstick's requests/s.
// tgcf-server runs with its default log level (info: one stderr line per request, here into a file) and, to show
// what that line costs, with --log-level warn.
//   bun bench/http.ts [--repeats N]        (needs wrk: apt-get install -y wrk)
import { goal, printJson, repeatsFromArgs, spread, table } from "./support/stats";
import { startTarget, type TargetKind } from "./support/targets";
import { runWrk, WRK_CONNECTIONS, WRK_SECONDS, WRK_THREADS, type WrkResult } from "./support/wrk";

const GOAL_RATIO = 0.6;

interface Variant {
  name: string;
  kind: TargetKind;
  serverArgs: string[];
}
const VARIANTS: Variant[] = [
  { name: "yardstick", kind: "yardstick", serverArgs: [] },
  { name: "tgcf-server", kind: "tgcf-server", serverArgs: [] },
  { name: "tgcf-server --log-level warn", kind: "tgcf-server", serverArgs: ["--log-level", "warn"] },
];

interface HttpRun extends WrkResult {
  variant: string;
}

async function measure(variant: Variant): Promise<HttpRun> {
  const target = await startTarget(variant.kind, { serverArgs: variant.serverArgs, runnable: false });
  try {
    const check = await target.api("/api/status");
    if (check.status !== 200) throw new Error(`${variant.name}: GET /api/status answered ${check.status}`);
    return { variant: variant.name, ...(await runWrk(`${target.url}/api/status`)) };
  } finally {
    await target.stop();
  }
}

const repeats = repeatsFromArgs();
const runs: HttpRun[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const variant of repeat % 2 === 0 ? VARIANTS : [...VARIANTS].reverse()) {
    const run = await measure(variant);
    runs.push(run);
    console.error(`http ${run.variant}: ${Math.round(run.requestsPerSecond)} requests/s, latency ${run.latencyAvg}, non-2xx ${run.non2xx}`);
  }
}

const yardstickRates = runs.filter((run) => run.variant === "yardstick").map((run) => run.requestsPerSecond);
const rows = VARIANTS.map(({ name }) => {
  const list = runs.filter((run) => run.variant === name);
  const ratios = list.map((run, index) => run.requestsPerSecond / yardstickRates[index]!);
  return [
    name,
    spread(list.map((run) => run.requestsPerSecond)),
    list.map((run) => run.latencyAvg).join(", "),
    list.map((run) => String(run.non2xx) + (run.socketErrors ? ` (${run.socketErrors})` : "")).join(", "),
    name === "yardstick" ? "" : `${spread(ratios.map((ratio) => ratio * 100), 1)} %` + (name === "tgcf-server" ? ` · ${goal(ratios, (ratio) => ratio >= GOAL_RATIO)}` : ""),
  ];
});
console.log(`\n### HTTP: wrk -t${WRK_THREADS} -c${WRK_CONNECTIONS} -d${WRK_SECONDS}s GET /api/status with the bearer header, ${repeats} runs (median (min–max))\n`);
console.log(table(["target", "requests/s", "wrk mean latency", "non-2xx", `ratio to yardstick (goal ≥ ${GOAL_RATIO * 100} %)`], rows));
printJson("http", runs);
