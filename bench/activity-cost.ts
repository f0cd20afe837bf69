// What counting tgcf's activity costs the log stream: fan-out rate and p99 latency with counting on and off, in one
// run, on the same machine, with a child printing nothing but activity records (bench/activity-child.ts).
//   bun bench/activity-cost.ts [--repeats N]
// Targets: bench/activity-server.ts (the server from source, BENCH_ACTIVITY=on|off), as their own processes; the
// readers are bench/log-clients.ts. Pairs alternate their order between repeats; ratios are taken per pair.
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { startClients } from "./support/clients";
import { cpuMs, waitForExit } from "./support/proc";
import { median, printJson, repeatsFromArgs, spread, table } from "./support/stats";
import { startTarget, type Target } from "./support/targets";

const SERVER_ENTRY = resolve(import.meta.dir, "activity-server.ts");
const CHILD = resolve(import.meta.dir, "activity-child.ts");
const FLOOD_LINES = 50_000;
const FANOUT_READERS = [1, 50];
const LATENCY_RATE = 2_000;
const LATENCY_SECONDS = 8;
const LATENCY_READERS = 50;
const RUN_TIMEOUT_MS = 60_000;

type Counting = "on" | "off";
const COUNTINGS: readonly Counting[] = ["on", "off"];

interface Server extends Target {
  counting: Counting;
  receivedCounted(): Promise<number>;
}

async function startServer(counting: Counting, childEnv: Record<string, string>): Promise<Server> {
  const target = await startTarget("tgcf-server", { serverEntry: SERVER_ENTRY, childScript: CHILD, childEnv: { ...childEnv, BENCH_ACTIVITY: counting } });
  return {
    ...target,
    counting,
    /** Messages the server counted (0 with counting off, whose activity database is closed). */
    async receivedCounted() {
      if (counting === "off") return 0;
      const report = (await (await target.api("/api/activity")).json()) as { instance: { counters: { allTime: { received: number } } } };
      return report.instance.counters.allTime.received;
    },
  };
}

/**
 * Lines a reader missed. The count can exceed what was sent by one: the status message sent at tgcf's exit carries
 * its last lines (lastExit.lastLines), marks included, and the readers count it; that one is not a loss.
 */
function lostLines(clients: ReadonlyArray<{ received: number }>, sent: number): number {
  return clients.reduce((sum, client) => sum + Math.max(0, sent - client.received), 0);
}

interface FanoutRun {
  counting: Counting;
  readers: number;
  medianRate: number;
  lost: number;
  childRunMs: number | null;
  serverCpuMs: number | null;
  counted: number;
}

async function fanout(counting: Counting, readers: number): Promise<FanoutRun> {
  const server = await startServer(counting, { BENCH_CHILD_LINES: String(FLOOD_LINES) });
  const clients = startClients(server, { clients: readers, expect: FLOOD_LINES, timeoutMs: RUN_TIMEOUT_MS });
  try {
    await clients.ready;
    const cpuBefore = cpuMs(server.pid);
    const requestedAt = performance.timeOrigin + performance.now();
    const childPid = await server.runChild();
    const exitedAt = await waitForExit(childPid, RUN_TIMEOUT_MS);
    const report = await clients.report;
    const cpuAfter = cpuMs(server.pid);
    const rates = report.clients.map((client) =>
      client.firstAtMs !== null && client.lastAtMs !== null && client.lastAtMs > client.firstAtMs ? (client.received / (client.lastAtMs - client.firstAtMs)) * 1000 : 0,
    );
    return {
      counting,
      readers,
      medianRate: median(rates),
      lost: lostLines(report.clients, FLOOD_LINES),
      childRunMs: exitedAt === null ? null : exitedAt - requestedAt,
      serverCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      counted: await server.receivedCounted(),
    };
  } finally {
    clients.kill();
    await server.stop();
  }
}

interface LatencyRun {
  counting: Counting;
  p50: number;
  p99: number;
  max: number;
  lost: number;
  serverCpuShare: number | null;
  counted: number;
}

async function latency(counting: Counting): Promise<LatencyRun> {
  const lines = LATENCY_RATE * LATENCY_SECONDS;
  const server = await startServer(counting, { BENCH_CHILD_LINES: String(lines), BENCH_CHILD_RATE: String(LATENCY_RATE) });
  const clients = startClients(server, { clients: LATENCY_READERS, expect: lines, latency: true, timeoutMs: RUN_TIMEOUT_MS });
  try {
    await clients.ready;
    const cpuBefore = cpuMs(server.pid);
    const startedAt = performance.now();
    const childPid = await server.runChild();
    await waitForExit(childPid, RUN_TIMEOUT_MS);
    const cpuUsed = (cpuMs(server.pid) ?? Number.NaN) - (cpuBefore ?? Number.NaN);
    const elapsedMs = performance.now() - startedAt;
    const report = await clients.report;
    const measured = report.latencyMs!;
    return {
      counting,
      p50: measured.p50,
      p99: measured.p99,
      max: measured.max,
      lost: lostLines(report.clients, lines),
      serverCpuShare: Number.isFinite(cpuUsed) ? cpuUsed / elapsedMs : null,
      counted: await server.receivedCounted(),
    };
  } finally {
    clients.kill();
    await server.stop();
  }
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(", ");
const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "?";
const machine = `${new Date().toISOString()}, ${cpus().length} × ${cpuModel}, bun ${Bun.version}, load average at start ${load()}`;
const repeats = repeatsFromArgs();
const fanoutRuns: FanoutRun[] = [];
const latencyRuns: LatencyRun[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  const order = repeat % 2 === 0 ? COUNTINGS : [...COUNTINGS].reverse();
  for (const readers of FANOUT_READERS) {
    for (const counting of order) {
      const run = await fanout(counting, readers);
      fanoutRuns.push(run);
      console.error(`fanout counting ${counting} ×${readers}: ${Math.round(run.medianRate)} lines/s per reader, server CPU ${run.serverCpuMs} ms, lost ${run.lost}, counted ${run.counted}`);
    }
  }
  for (const counting of order) {
    const run = await latency(counting);
    latencyRuns.push(run);
    console.error(`latency counting ${counting}: p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms, lost ${run.lost}, counted ${run.counted}`);
  }
}

/** on ÷ off per pair (runs were made in pairs, in order). */
const ratios = (on: number[], off: number[]) => on.map((value, index) => value / off[index]!);
const fanoutRows: string[][] = [];
for (const readers of FANOUT_READERS) {
  const of = (counting: Counting) => fanoutRuns.filter((run) => run.counting === counting && run.readers === readers);
  const [on, off] = [of("on"), of("off")];
  for (const [counting, list] of [["on", on], ["off", off]] as const) {
    fanoutRows.push([
      String(readers),
      counting,
      spread(list.map((run) => run.medianRate)),
      spread(list.map((run) => run.serverCpuMs ?? Number.NaN)),
      spread(list.map((run) => run.childRunMs ?? Number.NaN)),
      list.map((run) => String(run.lost)).join(", "),
      list.map((run) => run.counted.toLocaleString("en-US")).join(", "),
      counting === "on" ? `${spread(ratios(on.map((run) => run.medianRate), off.map((run) => run.medianRate)).map((ratio) => ratio * 100), 1)} %` : "",
    ]);
  }
}
const latencyRows = COUNTINGS.map((counting) => {
  const list = latencyRuns.filter((run) => run.counting === counting);
  return [
    counting,
    spread(list.map((run) => run.p50), 2),
    spread(list.map((run) => run.p99), 2),
    spread(list.map((run) => run.max), 1),
    list.map((run) => String(run.lost)).join(", "),
    spread(list.map((run) => (run.serverCpuShare ?? Number.NaN) * 100)),
    list.map((run) => run.counted.toLocaleString("en-US")).join(", "),
  ];
});
console.log(`\nMachine: ${machine}; load average at end ${load()}`);
console.log(`\n### Activity counting on/off: fan-out of ${FLOOD_LINES.toLocaleString("en-US")} activity records, ${repeats} runs (median (min–max))\n`);
console.log(table(["readers", "counting", "lines/s per reader", "server CPU ms", "child run ms", "lines lost", "received counted", "rate on ÷ off"], fanoutRows));
console.log(`\n### Activity counting on/off: latency at ${LATENCY_RATE.toLocaleString("en-US")} records/s for ${LATENCY_SECONDS} s to ${LATENCY_READERS} readers, ${repeats} runs\n`);
console.log(table(["counting", "p50 ms", "p99 ms", "max ms", "lines lost", "server CPU % of a core", "received counted"], latencyRows));
printJson("activity-cost", { fanout: fanoutRuns, latency: latencyRuns });
