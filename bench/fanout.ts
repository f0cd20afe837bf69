// Scenario 1 (issue 3): a child printing 200,000 lines of 100 bytes as fast as it can, relayed to 1 and to 50 WebSocket
// readers, on tgcf-server and on the yardstick in turn. Goal: each reader's rate ≥ 70 % of the yardstick's.
//   bun bench/fanout.ts [--repeats N] [--readers N] [--target tgcf-server|yardstick]   (the last two for diagnosis)
import { parseArgs } from "node:util";
import { startClients } from "./support/clients";
import { cpuMs, waitForExit } from "./support/proc";
import { goal, printJson, repeatsFromArgs, spread, table, median } from "./support/stats";
import { startTarget, TARGET_KINDS, type TargetKind } from "./support/targets";

const FLOOD_LINES = 200_000;
const FLOOD_LINE_BYTES = 100;
const CLIENT_COUNTS = [1, 50];
const RUN_TIMEOUT_MS = 50_000;
const GOAL_RATIO = 0.7;

interface FanoutRun {
  kind: TargetKind;
  clients: number;
  /** Median over the readers of lines received per second (first to last flood line). */
  medianRate: number;
  minRate: number;
  /** Lines missing at readers the target never closed (should be 0), and at readers it closed (1013: too slow). */
  lostByOpenReaders: number;
  lostByClosedReaders: number;
  closedReaders: number;
  discontinuities: number;
  closeCodes: number[];
  childRunMs: number | null;
  /** CPU the target and the readers' process used from the run request to the readers' report. */
  targetCpuMs: number | null;
  readersCpuMs: number;
}

async function measure(kind: TargetKind, clients: number): Promise<FanoutRun> {
  const target = await startTarget(kind, {
    childEnv: { FAKE_TGCF_FLOOD_LINES: String(FLOOD_LINES), FAKE_TGCF_FLOOD_LINE_BYTES: String(FLOOD_LINE_BYTES), FAKE_TGCF_FLOOD_THEN: "exit" },
  });
  const readers = startClients(target, { clients, expect: FLOOD_LINES, timeoutMs: RUN_TIMEOUT_MS });
  try {
    await readers.ready;
    const cpuBefore = cpuMs(target.pid);
    const childPid = await target.runChild();
    const exitedAt = await waitForExit(childPid, RUN_TIMEOUT_MS);
    const startedAt = target.childStartedAt();
    const report = await readers.report;
    const cpuAfter = cpuMs(target.pid);
    const rates = report.clients.map((client) =>
      client.firstAtMs !== null && client.lastAtMs !== null && client.lastAtMs > client.firstAtMs ? (client.received / (client.lastAtMs - client.firstAtMs)) * 1000 : 0,
    );
    const lost = (closed: boolean) =>
      report.clients.filter((client) => (client.closeCode !== null) === closed).reduce((sum, client) => sum + FLOOD_LINES - client.received, 0);
    return {
      kind,
      clients,
      medianRate: median(rates),
      minRate: Math.min(...rates),
      lostByOpenReaders: lost(false),
      lostByClosedReaders: lost(true),
      closedReaders: report.clients.filter((client) => client.closeCode !== null).length,
      discontinuities: report.clients.reduce((sum, client) => sum + client.discontinuities, 0),
      closeCodes: [...new Set(report.clients.map((client) => client.closeCode).filter((code): code is number => code !== null))],
      childRunMs: exitedAt !== null && startedAt !== null ? exitedAt - startedAt : null,
      targetCpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      readersCpuMs: report.cpuMs,
    };
  } finally {
    readers.kill();
    await target.stop();
  }
}

const repeats = repeatsFromArgs();
const { values: only } = parseArgs({ options: { readers: { type: "string" }, target: { type: "string" } }, strict: false });
const clientCounts = only.readers === undefined ? CLIENT_COUNTS : [Number(only.readers)];
const kinds = TARGET_KINDS.filter((kind) => only.target === undefined || only.target === kind);
const runs: FanoutRun[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const clients of clientCounts) {
    // Alternate who goes first so a drift in the machine's load does not favour one side.
    const order = repeat % 2 === 0 ? kinds : [...kinds].reverse();
    for (const kind of order) {
      const run = await measure(kind, clients);
      runs.push(run);
      console.error(`fanout ${kind} ×${clients}: ${Math.round(run.medianRate)} lines/s per reader, lost ${run.lostByOpenReaders} + ${run.lostByClosedReaders} (closed), child ${run.childRunMs?.toFixed(0)} ms`);
    }
  }
}

const rows: string[][] = [];
for (const clients of clientCounts) {
  const of = (kind: TargetKind) => runs.filter((run) => run.kind === kind && run.clients === clients);
  const server = of("tgcf-server");
  const yardstick = of("yardstick");
  const ratios = yardstick.length === 0 ? [] : server.map((run, index) => run.medianRate / yardstick[index]!.medianRate);
  for (const [kind, list] of [["tgcf-server", server], ["yardstick", yardstick]] as const) {
    rows.push([
      `${clients}`,
      kind,
      spread(list.map((run) => run.medianRate)),
      spread(list.map((run) => run.minRate)),
      list.map((run) => String(run.lostByOpenReaders)).join(", "),
      list.map((run) => (run.closedReaders === 0 ? "0" : `${run.closedReaders} (${run.closeCodes.join("/")}), ${run.lostByClosedReaders} lines`)).join("; "),
      spread(list.map((run) => run.childRunMs ?? Number.NaN)),
      `${spread(list.map((run) => run.targetCpuMs ?? Number.NaN))} / ${spread(list.map((run) => run.readersCpuMs))}`,
      kind === "tgcf-server" ? `${spread(ratios.map((ratio) => ratio * 100), 1)} % · ${goal(ratios, (ratio) => ratio >= GOAL_RATIO)}` : "",
    ]);
  }
}
console.log(`\n### Fan-out: ${FLOOD_LINES.toLocaleString("en-US")} lines of ${FLOOD_LINE_BYTES} bytes, ${repeats} runs (median (min–max))\n`);
console.log(table(["readers", "target", "lines/s per reader (median reader)", "slowest reader lines/s", "lines lost by readers left open", "readers closed, their lost lines", "child run ms", "CPU ms: target / readers", "ratio to yardstick (goal ≥ 70 %)"], rows));
printJson("fanout", runs);
