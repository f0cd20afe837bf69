// Bench-only stand-in for tgcf printing nothing but activity records, as tgcf does with FORCE_COLOR and COLUMNS=200
// (what the server sets): `New message received in <chat>` over 10 chats, coloured, rich's columns, one write(2)
// each. The time column carries the readers' mark instead of a time (`[flood <i>]`, or `[timed <i> <ms>]` with the
// wall clock read just before the write), which rich-records.ts reads as a time column like any other, so every line
// takes the counting's full path.
//   bun bench/activity-child.ts live|past --loud
// Environment: BENCH_CHILD_LINES (default 50,000), BENCH_CHILD_RATE (lines per second; unset = as fast as it can).
import { writeLine } from "./support/child-output";

const DEFAULT_LINES = 50_000;
const CHATS = 10;
const COLUMNS = 200;
const TICK_MS = 1;
const YIELD_EVERY = 1_000;
const SITE = "live.py:26";
const LINK = "file:///usr/local/lib/python3.12/site-packages/tgcf/live.py";

const [mode] = process.argv.slice(2);
if (mode !== "live" && mode !== "past") {
  process.stderr.write("usage: activity-child.ts live|past [--loud]\n");
  process.exit(2);
}
const total = Number(process.env.BENCH_CHILD_LINES || DEFAULT_LINES);
const rate = Number(process.env.BENCH_CHILD_RATE || 0);
process.on("SIGINT", () => process.exit(1));

function record(mark: string, index: number): Uint8Array {
  const chat = `-100${1_000_000_000 + (index % CHATS)}`;
  const message = `New message received in ${chat}`;
  const width = COLUMNS - 29 - 1 - SITE.length;
  const padded = `New message received in \x1b[1;36m${chat}\x1b[0m${" ".repeat(Math.max(0, width - message.length))}`;
  const site = `\x1b]8;id=${index};${LINK}\x1b\\\x1b[2mlive.py\x1b[0m\x1b]8;;\x1b\\\x1b[2m:\x1b[0m\x1b]8;id=${index + 1};${LINK}#26\x1b\\\x1b[2m26\x1b[0m\x1b]8;;\x1b\\`;
  return Buffer.from(`\x1b[2;36m[${mark}]\x1b[0m\x1b[2;36m \x1b[0m\x1b[34mINFO    \x1b[0m ${padded} ${site}\n`);
}

if (rate === 0) {
  for (let index = 1; index <= total; index++) {
    writeLine(record(`flood ${index}`, index));
    if (index % YIELD_EVERY === 0) await Bun.sleep(0);
  }
  process.exit(0);
}
const startedAt = performance.now();
let written = 0;
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - startedAt) * rate) / 1000));
  while (written < due) {
    written++;
    writeLine(record(`timed ${written} ${(performance.timeOrigin + performance.now()).toFixed(3)}`, written));
  }
  if (written >= total) {
    clearInterval(timer);
    process.exit(0);
  }
}, TICK_MS);
