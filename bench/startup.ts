// Scenario 5 (issue 3): time from the spawn of `bun src/index.ts` (from source, not the compiled binary: see
// bench/binary.ts for that) to the first 200 on /api/health, and the resident memory once idle with no client.
// The yardstick is measured the same way. Goals: median start < 100 ms, idle RSS < 50 MB.
//   bun bench/startup.ts [--repeats N]   (each repeat is STARTS_PER_REPEAT cold starts per target)
import { statusKiB } from "./support/proc";
import { goal, median, printJson, repeatsFromArgs, spread, table } from "./support/stats";
import { startTarget, TARGET_KINDS, type TargetKind } from "./support/targets";

const STARTS_PER_REPEAT = 7;
/** Long enough for start-up work (JIT, first allocations) to settle before RSS is read. */
const IDLE_BEFORE_RSS_MS = 2_000;
const GOAL_START_MS = 100;
const GOAL_IDLE_RSS_MB = 50;
const KIB = 1024;
const MB = 1_000_000;
const MIB = 1024 * 1024;

interface StartupRepeat {
  kind: TargetKind;
  startMs: number[];
  idleRssMB: number[];
}

async function startOnce(kind: TargetKind): Promise<{ startMs: number; idleRssMB: number }> {
  const target = await startTarget(kind, { runnable: false });
  try {
    await Bun.sleep(IDLE_BEFORE_RSS_MS);
    return { startMs: target.startupMs, idleRssMB: ((statusKiB(target.pid, "VmRSS") ?? Number.NaN) * KIB) / MB };
  } finally {
    await target.stop();
  }
}

const repeats = repeatsFromArgs();
const results: StartupRepeat[] = [];
for (let repeat = 0; repeat < repeats; repeat++) {
  for (const kind of TARGET_KINDS) {
    const result: StartupRepeat = { kind, startMs: [], idleRssMB: [] };
    for (let start = 0; start < STARTS_PER_REPEAT; start++) {
      const { startMs, idleRssMB } = await startOnce(kind);
      result.startMs.push(startMs);
      result.idleRssMB.push(idleRssMB);
    }
    results.push(result);
    console.error(`startup ${kind}: median ${median(result.startMs).toFixed(1)} ms, idle RSS median ${median(result.idleRssMB).toFixed(1)} MB`);
  }
}

const rows = TARGET_KINDS.map((kind) => {
  const list = results.filter((result) => result.kind === kind);
  const startMedians = list.map((result) => median(result.startMs));
  const rssMedians = list.map((result) => median(result.idleRssMB));
  return [
    kind,
    list.map((result) => median(result.startMs).toFixed(1)).join(", "),
    spread(list.flatMap((result) => result.startMs), 1),
    list.map((result) => `${median(result.idleRssMB).toFixed(1)} (${((median(result.idleRssMB) * MB) / MIB).toFixed(1)} MiB)`).join(", "),
    spread(list.flatMap((result) => result.idleRssMB), 1),
    kind === "tgcf-server" ? `start: ${goal(startMedians, (ms) => ms < GOAL_START_MS)} · RSS: ${goal(rssMedians, (mb) => mb < GOAL_IDLE_RSS_MB)}` : "",
  ];
});
console.log(`\n### Start and idle memory: ${repeats} repeats × ${STARTS_PER_REPEAT} cold starts per target, from source (bun src/index.ts)\n`);
console.log(table(["target", "median start ms per repeat", "all starts ms: median (min–max)", "median idle VmRSS MB per repeat", "all idle VmRSS MB", `goals: start < ${GOAL_START_MS} ms, RSS < ${GOAL_IDLE_RSS_MB} MB`], rows));
printJson("startup", results);
