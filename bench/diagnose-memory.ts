// Diagnosis for the slow-client memory numbers: tgcf-server's resident memory through three floods of 300,000 lines
// in a row with no client, against the yardstick: the peak during each flood and what is left 3 s after it.
// A peak that comes back down and does not climb flood after flood is garbage collected late, not a leak.
//   bun bench/diagnose-memory.ts
import { printJson, table } from "./support/stats";
import { sampleRss, statusKiB, waitForExit } from "./support/proc";
import { startTarget, TARGET_KINDS } from "./support/targets";

const FLOODS = 3;
const FLOOD_LINES = 300_000;
const SETTLE_MS = 3_000;
const RUN_TIMEOUT_MS = 30_000;
const KIB = 1024;
const MB = 1_000_000;

const toMB = (kib: number | null) => ((kib ?? Number.NaN) * KIB) / MB;
const rows: string[][] = [];
const results: Array<{ kind: string; idleMB: number; floods: Array<{ peakMB: number; afterMB: number }> }> = [];
for (const kind of TARGET_KINDS) {
  const target = await startTarget(kind, {
    childEnv: { FAKE_TGCF_FLOOD_LINES: String(FLOOD_LINES), FAKE_TGCF_FLOOD_LINE_BYTES: "100", FAKE_TGCF_FLOOD_THEN: "exit" },
  });
  try {
    const result = { kind, idleMB: toMB(statusKiB(target.pid, "VmRSS")), floods: [] as Array<{ peakMB: number; afterMB: number }> };
    for (let flood = 0; flood < FLOODS; flood++) {
      const memory = sampleRss(target.pid);
      await waitForExit(await target.runChild(), RUN_TIMEOUT_MS);
      const { peakRssKiB } = memory.stop();
      await Bun.sleep(SETTLE_MS);
      result.floods.push({ peakMB: toMB(peakRssKiB), afterMB: toMB(statusKiB(target.pid, "VmRSS")) });
    }
    results.push(result);
    rows.push([kind, result.idleMB.toFixed(1), ...result.floods.map(({ peakMB, afterMB }) => `${peakMB.toFixed(1)} → ${afterMB.toFixed(1)}`)]);
  } finally {
    await target.stop();
  }
}
console.log(`\n### VmRSS MB through ${FLOODS} floods of ${FLOOD_LINES.toLocaleString("en-US")} lines, no client: peak during → ${SETTLE_MS / 1000} s after\n`);
console.log(table(["target", "before", ...Array.from({ length: FLOODS }, (_, index) => `flood ${index + 1}`)], rows));
printJson("diagnose-memory", results);
