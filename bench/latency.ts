// Scenario 2 (issue 3): lines paced at 2,000 per second to 50 WebSocket readers; delay from the child's write (its
// own wall-clock stamp in the line) to a reader's receive, on tgcf-server and on the yardstick. Goal: p99 < 5 ms.
//   bun bench/latency.ts [--repeats N]
import { startClients } from "./support/clients";
import { cpuMs, sampleRss, waitForExit } from "./support/proc";
import { goal, printJson, repeatsFromArgs, spread, table } from "./support/stats";
import { startTarget, TARGET_KINDS, TIMED_CHILD, type TargetKind } from "./support/targets";

const LINES_PER_SECOND = 2_000;
const DURATION_S = 8;
const LINES = LINES_PER_SECOND * DURATION_S;
const READERS = 50;
const RUN_TIMEOUT_MS = 40_000;
const GOAL_P99_MS = 5;
const KIB = 1024;
const MB = 1_000_000;

interface LatencyRun {
  kind: TargetKind;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  samples: number;
  lost: number;
  /** The target's peak VmRSS during the run (sampled), MB. */
  peakRssMB: number;
  /** CPU the target used during the run, as a share of one core. */
  targetCpuShare: number | null;
}

async function measure(kind: TargetKind): Promise<LatencyRun> {
  const target = await startTarget(kind, {
    childScript: TIMED_CHILD,
    childEnv: { BENCH_CHILD_RATE: String(LINES_PER_SECOND), BENCH_CHILD_LINES: String(LINES) },
  });
  const readers = startClients(target, { clients: READERS, expect: LINES, latency: true, timeoutMs: RUN_TIMEOUT_MS });
  try {
    await readers.ready;
    const memory = sampleRss(target.pid);
    const cpuBefore = cpuMs(target.pid);
    const startedAt = performance.now();
    const childPid = await target.runChild();
    await waitForExit(childPid, RUN_TIMEOUT_MS);
    const cpuUsed = (cpuMs(target.pid) ?? Number.NaN) - (cpuBefore ?? Number.NaN);
    const elapsedMs = performance.now() - startedAt;
    const report = await readers.report;
    const { peakRssKiB } = memory.stop();
    const latency = report.latencyMs!;
    const lost = report.clients.reduce((sum, client) => sum + LINES - client.received, 0);
    return { kind, p50: latency.p50, p90: latency.p90, p99: latency.p99, max: latency.max, samples: latency.count, lost, peakRssMB: (peakRssKiB * KIB) / MB, targetCpuShare: Number.isFinite(cpuUsed) ? cpuUsed / elapsedMs : null };
  } finally {
    readers.kill();
    await target.stop();
  }
}

const repeats = repeatsFromArgs();
const runs: LatencyRun[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  const order = repeat % 2 === 0 ? TARGET_KINDS : [...TARGET_KINDS].reverse();
  for (const kind of order) {
    const run = await measure(kind);
    runs.push(run);
    console.error(`latency ${kind}: p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, lost ${run.lost}`);
  }
}

const rows = TARGET_KINDS.map((kind) => {
  const list = runs.filter((run) => run.kind === kind);
  const p99s = list.map((run) => run.p99);
  return [
    kind,
    spread(list.map((run) => run.p50), 2),
    spread(list.map((run) => run.p90), 2),
    spread(p99s, 2),
    spread(list.map((run) => run.max), 1),
    list.map((run) => run.samples.toLocaleString("en-US")).join(", "),
    list.map((run) => String(run.lost)).join(", "),
    spread(list.map((run) => run.peakRssMB), 1),
    spread(list.map((run) => (run.targetCpuShare ?? Number.NaN) * 100)),
    kind === "tgcf-server" ? goal(p99s, (p99) => p99 < GOAL_P99_MS) : "",
  ];
});
console.log(`\n### Latency: ${LINES_PER_SECOND.toLocaleString("en-US")} lines/s for ${DURATION_S} s to ${READERS} readers (first second of each reader left out), ${repeats} runs (median (min–max))\n`);
console.log(table(["target", "p50 ms", "p90 ms", "p99 ms", "max ms", "samples", "lines lost", "peak VmRSS MB", "target CPU % of a core", `goal p99 < ${GOAL_P99_MS} ms`], rows));
printJson("latency", runs);
