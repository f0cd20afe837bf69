// A bench-only stand-in for tgcf that prints paced lines stamped with its own wall-clock time, for the latency scenario.
//   bun bench/timed-child.ts live|past --loud     (tgcf-server and the yardstick run it as `<command> past --loud`)
// Line i (from 1): `timed <i> <ms since the epoch, µs precision> ....` padded to BENCH_CHILD_LINE_BYTES, newline
// included, one write(2) each, the time read just before the write. Environment:
//   BENCH_CHILD_RATE=2000        lines per second
//   BENCH_CHILD_LINES=16000      lines in all, then exit 0
//   BENCH_CHILD_LINE_BYTES=100   bytes per line
import { writeLine } from "./support/child-output";

const DEFAULT_RATE = 2_000;
const DEFAULT_LINES = 16_000;
const DEFAULT_LINE_BYTES = 100;
/** Timers fire about every millisecond; each tick writes the lines that have come due. */
const TICK_MS = 1;
const USAGE_EXIT = 2;

const [mode] = process.argv.slice(2);
if (mode !== "live" && mode !== "past") {
  process.stderr.write("usage: timed-child.ts live|past [--loud]\n");
  process.exit(USAGE_EXIT);
}
const rate = Number(process.env.BENCH_CHILD_RATE || DEFAULT_RATE);
const total = Number(process.env.BENCH_CHILD_LINES || DEFAULT_LINES);
const lineBytes = Number(process.env.BENCH_CHILD_LINE_BYTES || DEFAULT_LINE_BYTES);
process.on("SIGINT", () => process.exit(1));

const startedAt = performance.now();
let written = 0;
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - startedAt) * rate) / 1000));
  while (written < due) {
    written++;
    const stamp = (performance.timeOrigin + performance.now()).toFixed(3);
    writeLine(Buffer.from(`timed ${written} ${stamp} `.padEnd(lineBytes - 1, ".") + "\n"));
  }
  if (written >= total) {
    clearInterval(timer);
    process.exit(0);
  }
}, TICK_MS);
