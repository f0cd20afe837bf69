// Scenario 3 (issue 3): one client that never reads beside 10 that do, while tgcf prints 300,000 lines. Compares the
// readers' rate with a run without the stalled client, checks it is closed with 1013, and samples the server's memory.
// Goals: readers' rate drops < 10 %, the stalled client gets 1013, peak RSS < 100 MB.
// Two reference runs explain the memory: the same flood with no client at all, and the yardstick with the stalled client.
//   bun bench/slow-client.ts [--repeats N]
import { startClients } from "./support/clients";
import { sampleRss, waitForExit } from "./support/proc";
import { openStalledClient, type StalledEnd } from "./support/stalled-client";
import { goal, median, printJson, repeatsFromArgs, spread, table } from "./support/stats";
import { startTarget, type TargetKind } from "./support/targets";

const FLOOD_LINES = 300_000;
const FLOOD_LINE_BYTES = 100;
const READERS = 10;
const RUN_TIMEOUT_MS = 50_000;
/** Once it reads again, the stalled client gets what was buffered and then the close at once (the yardstick never closes it). */
const STALLED_FINISH_TIMEOUT_MS = 3_000;
const CLOSE_TOO_SLOW = 1013;
const GOAL_MAX_DROP = 0.1;
const GOAL_MAX_RSS_MB = 100;
const KIB = 1024;
const MB = 1_000_000;

interface Setup {
  name: string;
  kind: TargetKind;
  readers: number;
  stalled: boolean;
}
const WITHOUT_STALL: Setup = { name: "tgcf-server, 10 readers", kind: "tgcf-server", readers: READERS, stalled: false };
const WITH_STALL: Setup = { name: "tgcf-server, 10 readers + 1 stalled", kind: "tgcf-server", readers: READERS, stalled: true };
const SETUPS: Setup[] = [
  WITHOUT_STALL,
  WITH_STALL,
  { name: "reference: tgcf-server, no client", kind: "tgcf-server", readers: 0, stalled: false },
  { name: "reference: yardstick, 10 readers + 1 stalled", kind: "yardstick", readers: READERS, stalled: true },
];

interface SlowClientRun {
  setup: string;
  medianRate: number | null;
  lost: number;
  readerCloseCodes: number[];
  stalledEnd: StalledEnd | null;
  peakRssMB: number;
  hwmMB: number | null;
}

function ratePerSecond(client: { received: number; firstAtMs: number | null; lastAtMs: number | null }): number {
  const { firstAtMs, lastAtMs } = client;
  return firstAtMs !== null && lastAtMs !== null && lastAtMs > firstAtMs ? (client.received / (lastAtMs - firstAtMs)) * 1000 : 0;
}

async function measure(setup: Setup): Promise<SlowClientRun> {
  const target = await startTarget(setup.kind, {
    childEnv: { FAKE_TGCF_FLOOD_LINES: String(FLOOD_LINES), FAKE_TGCF_FLOOD_LINE_BYTES: String(FLOOD_LINE_BYTES), FAKE_TGCF_FLOOD_THEN: "exit" },
  });
  const stalledClient = setup.stalled ? await openStalledClient(target.port) : null;
  const readers = setup.readers > 0 ? startClients(target, { clients: setup.readers, expect: FLOOD_LINES, timeoutMs: RUN_TIMEOUT_MS }) : null;
  try {
    await readers?.ready;
    const memory = sampleRss(target.pid);
    const childPid = await target.runChild();
    await waitForExit(childPid, RUN_TIMEOUT_MS);
    const report = await readers?.report;
    const { peakRssKiB, hwmKiB } = memory.stop();
    const stalledEnd = stalledClient ? await stalledClient.finish(STALLED_FINISH_TIMEOUT_MS) : null;
    const clients = report?.clients ?? [];
    return {
      setup: setup.name,
      medianRate: clients.length > 0 ? median(clients.map(ratePerSecond)) : null,
      lost: clients.reduce((sum, client) => sum + FLOOD_LINES - client.received, 0),
      readerCloseCodes: [...new Set(clients.map((client) => client.closeCode).filter((code): code is number => code !== null))],
      stalledEnd,
      peakRssMB: (peakRssKiB * KIB) / MB,
      hwmMB: hwmKiB === null ? null : (hwmKiB * KIB) / MB,
    };
  } finally {
    readers?.kill();
    await target.stop();
  }
}

const repeats = repeatsFromArgs();
const runs: SlowClientRun[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const setup of repeat % 2 === 0 ? SETUPS : [...SETUPS].reverse()) {
    const run = await measure(setup);
    runs.push(run);
    console.error(`slow-client ${run.setup}: ${Math.round(run.medianRate ?? 0)} lines/s per reader, lost ${run.lost}, stalled close ${run.stalledEnd?.closeCode ?? "–"}, peak RSS ${run.peakRssMB.toFixed(1)} MB`);
  }
}

const of = (setup: Setup) => runs.filter((run) => run.setup === setup.name);
const drops = of(WITH_STALL).map((run, index) => 1 - run.medianRate! / of(WITHOUT_STALL)[index]!.medianRate!);
const serverPeaks = [...of(WITHOUT_STALL), ...of(WITH_STALL)].map((run) => Math.max(run.peakRssMB, run.hwmMB ?? 0));
const rows = SETUPS.map((setup) => {
  const list = of(setup);
  return [
    setup.name,
    setup.readers > 0 ? spread(list.map((run) => run.medianRate!)) : "–",
    setup.readers > 0 ? list.map((run) => String(run.lost)).join(", ") : "–",
    list.map((run) => run.readerCloseCodes.join("/") || "–").join(", "),
    list.map((run) => (run.stalledEnd ? `${run.stalledEnd.closeCode ?? "none"} after ${(run.stalledEnd.bytes / MB).toFixed(1)} MB` : "–")).join(", "),
    spread(list.map((run) => run.peakRssMB), 1),
    spread(list.map((run) => run.hwmMB ?? Number.NaN), 1),
  ];
});
console.log(`\n### Slow client: ${FLOOD_LINES.toLocaleString("en-US")} lines of ${FLOOD_LINE_BYTES} bytes, ${repeats} runs each (median (min–max))\n`);
console.log(table(["run", "lines/s per reader (median reader)", "lines lost (all readers)", "reader close codes", "stalled client: close code, bytes it got", "peak VmRSS MB (sampled)", "VmHWM MB"], rows));
console.log(
  `\n- readers' rate drop with the stalled client: ${spread(drops.map((drop) => drop * 100), 1)} % · goal < ${GOAL_MAX_DROP * 100} %: ${goal(drops, (drop) => drop < GOAL_MAX_DROP)}` +
    `\n- stalled client closed with ${CLOSE_TOO_SLOW}: ${goal(of(WITH_STALL).map((run) => run.stalledEnd?.closeCode ?? 0), (code) => code === CLOSE_TOO_SLOW)}` +
    `\n- tgcf-server peak RSS (10 readers, with and without the stalled client) ${spread(serverPeaks, 1)} MB · goal < ${GOAL_MAX_RSS_MB} MB: ${goal(serverPeaks, (peak) => peak < GOAL_MAX_RSS_MB)}`,
);
printJson("slow-client", runs);
