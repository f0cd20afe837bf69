// CPU of the live log's rendering in Chromium: public/log/log-rows.ts fed with real tgcf output (test/fixtures/tgcf/),
// in batches as the controller flushes them, with layout after each batch; and, in Bun, what reading each line for
// tracebacks and known failures (public/lib/log-fold.ts) costs on its own. Loopback only.
//   bun bench/ui-log-render.ts [--repeats N] [--compare path/to/other/log-rows.ts]
// With --compare, both versions run in one browser, their repeats alternating, so both see the same machine load.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LogFolder } from "../public/lib/log-fold.ts";
import type { LogEntry, LogStreamName } from "../public/lib/log-types.ts";
import { launchBrowser } from "../test/e2e/helpers/browser.ts";
import { parseArgs } from "node:util";
import { printJson, repeatsFromArgs, spread, table } from "./support/stats";

const LINES = 20_000;
const BATCH_LINES = 500;
const CAPTURES = resolve(import.meta.dir, "../test/fixtures/tgcf/exits");
const CSS = ["../public/styles.css", "../public/css/log.css"].map((path) => resolve(import.meta.dir, path));

function capture(name: string, stream: LogStreamName): { stream: LogStreamName; line: string }[] {
  return readFileSync(join(CAPTURES, name), "utf8").replace(/\n$/, "").split("\n").map((line) => ({ stream, line }));
}

/** `LINES` entries cycling through `lines`, with the server's seq and time stamps. */
function entriesOf(lines: { stream: LogStreamName; line: string }[]): LogEntry[] {
  const start = Date.parse("2026-12-06T10:00:00Z");
  return Array.from({ length: LINES }, (_, index) => ({ seq: index + 1, ts: new Date(start + index).toISOString(), ...lines[index % lines.length]! }));
}

const WORKLOADS: Record<string, LogEntry[]> = {
  "coloured records, 80 columns (no traceback)": entriesOf(capture("live-bot-nonet-80-color.stdout.txt", "stdout")),
  "records + rich traceback, 80 columns, coloured": entriesOf([...capture("live-bot-nonet-80-color.stdout.txt", "stdout"), ...capture("live-bot-nonet-80-color.stderr.txt", "stderr")]),
  "records + rich traceback, 200 columns, plain": entriesOf([...capture("live-bot-nonet-200-plain.stdout.txt", "stdout"), ...capture("live-bot-nonet-200-plain.stderr.txt", "stderr")]),
};

const repeats = repeatsFromArgs();

/** µs per line of LogFolder.place over `entries`, the best of `repeats` passes (after one to warm up). */
function foldCost(entries: readonly LogEntry[]): number {
  let best = Infinity;
  for (let pass = 0; pass <= repeats; pass++) {
    const folder = new LogFolder();
    const began = performance.now();
    for (const entry of entries) folder.place(entry);
    if (pass > 0) best = Math.min(best, ((performance.now() - began) * 1000) / entries.length);
  }
  return best;
}
const foldRows = Object.entries(WORKLOADS).map(([name, entries]) => [name, foldCost(entries).toFixed(2)]);
console.log(`Reading each line for tracebacks and known failures (LogFolder.place, Bun), best of ${repeats}:\n`);
console.log(table(["workload", "µs per line"], foldRows) + "\n");
const { values } = parseArgs({ options: { repeats: { type: "string" }, compare: { type: "string" } }, strict: true });
const VERSIONS: Record<string, string> = { "this tree": resolve(import.meta.dir, "../public/log/log-rows.ts") };
if (values.compare) VERSIONS["compared"] = resolve(values.compare);
const PAGE_SUPPORT = resolve(import.meta.dir, "support/ui-log-render-page.ts");

const outDir = mkdtempSync(join(tmpdir(), "tgcf-ui-log-bench-"));
const styles = CSS.map((path) => readFileSync(path, "utf8")).join("\n");
const pages: Record<string, string> = {};
for (const [index, [version, rowsModule]] of Object.entries(VERSIONS).entries()) {
  const entry = join(outDir, `entry-${index}.ts`);
  writeFileSync(entry, `import { LogRows } from ${JSON.stringify(rowsModule)};\nimport { installRenderBench } from ${JSON.stringify(PAGE_SUPPORT)};\ninstallRenderBench(LogRows);\n`);
  const built = await Bun.build({ entrypoints: [entry], outdir: join(outDir, String(index)), target: "browser", minify: true });
  if (!built.success) throw new Error(built.logs.join("\n"));
  const script = readFileSync(join(outDir, String(index), `entry-${index}.js`), "utf8");
  pages[`/${index}`] = `<!doctype html><html><head><style>${styles}</style></head><body><div class="log-frame"><div class="log-rows" role="log"></div></div><script type="module">${script}</script></body></html>`;
  pages[version] = `/${index}`;
}
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (request) => new Response(pages[new URL(request.url).pathname] ?? "not found", { headers: { "content-type": "text/html" } }) });
const browser = await launchBrowser();
try {
  const versionPages = await Promise.all(
    Object.keys(VERSIONS).map(async (version) => {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.port}${pages[version]}`);
      await page.waitForFunction(() => typeof window.renderBench === "function");
      return [version, page] as const;
    }),
  );
  const rows: string[][] = [];
  const results: Record<string, Record<string, { usPerLine: number[]; p95BatchMs: number[] }>> = {};
  for (const [name, entries] of Object.entries(WORKLOADS)) {
    const measured = Object.fromEntries(versionPages.map(([version]) => [version, { usPerLine: [] as number[], p95BatchMs: [] as number[] }]));
    for (const [, page] of versionPages) await page.evaluate(([all, batch]) => window.renderBench(all, batch), [entries.slice(0, 2_000), BATCH_LINES] as const); // warm-up
    for (let repeat = 0; repeat < repeats; repeat++) {
      const order = repeat % 2 === 0 ? versionPages : [...versionPages].reverse();
      for (const [version, page] of order) {
        const times = await page.evaluate(([all, batch]) => window.renderBench(all, batch), [entries, BATCH_LINES] as const);
        const total = times.reduce((sum, time) => sum + time, 0);
        measured[version]!.usPerLine.push((total * 1000) / entries.length);
        measured[version]!.p95BatchMs.push([...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)]!);
      }
    }
    results[name] = measured;
    for (const [version, { usPerLine, p95BatchMs }] of Object.entries(measured)) rows.push([name, version, spread(usPerLine, 1), spread(p95BatchMs, 1)]);
  }
  console.log(`${LINES} lines in batches of ${BATCH_LINES}, ${repeats} repeats: median (range)\n`);
  console.log(table(["workload", "log-rows.ts", "µs per line", `p95 ms per ${BATCH_LINES}-line batch`], rows));
  printJson("ui-log-render", results);
} finally {
  await browser.close();
  server.stop(true);
  rmSync(outDir, { recursive: true, force: true });
}
