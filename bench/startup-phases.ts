// Diagnosis for scenario 5: where the start of `bun src/index.ts` goes, in time and in resident memory. Each run is a
// fresh process that imports the heaviest dependencies one after the other (each figure is what that import added),
// then src/app.ts (the server's own modules and what is left), then starts the server and waits for its first
// /api/health; VmRSS is read after each step.
//   bun bench/startup-phases.ts [--repeats N]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { median, printJson, repeatsFromArgs, spread, table } from "./support/stats";
import { statusKiB } from "./support/proc";
import { BENCH_TOKEN, freePort } from "./support/targets";

const RUNS_PER_REPEAT = 7;
const HEAVY_IMPORTS = ["elysia", "@sinclair/typebox", "@elysiajs/openapi", "yaml"];
const APP = resolve(import.meta.dir, "../src/app.ts");
const SETTINGS = resolve(import.meta.dir, "../src/settings.ts");
const CHILD_FLAG = "--child";

type Phases = Record<string, number>;
const KIB = 1024;
const MB = 1_000_000;
const rssMB = () => ((statusKiB(process.pid, "VmRSS") ?? Number.NaN) * KIB) / MB;

async function measureInThisProcess(): Promise<Phases> {
  const phases: Phases = { "bun start to first line of the script": performance.now() };
  const rss: Phases = { "bun start to first line of the script": rssMB() };
  let last = performance.now();
  const mark = (name: string) => {
    const now = performance.now();
    phases[name] = now - last;
    rss[name] = rssMB();
    last = now;
  };
  for (const name of HEAVY_IMPORTS) {
    await import(name);
    mark(`import ${name}`);
  }
  const { startServer } = (await import(APP)) as typeof import("../src/app");
  const { parseSettings } = (await import(SETTINGS)) as typeof import("../src/settings");
  mark("import src/app.ts (the rest)");
  const dataDir = mkdtempSync(join(tmpdir(), "bench-phases-"));
  const parsed = parseSettings(["--host", "127.0.0.1", "--port", String(freePort()), "--data-dir", dataDir, "--token", BENCH_TOKEN, "--log-level", "warn"], {});
  if (parsed.kind !== "settings") throw new Error("unexpected settings");
  const handle = await startServer(parsed.settings);
  mark("startServer()");
  const response = await fetch(`http://127.0.0.1:${handle.port}/api/health`);
  if (response.status !== 200) throw new Error(`health answered ${response.status}`);
  mark("first /api/health");
  phases.total = performance.now();
  rss.total = rssMB();
  await handle.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { ...phases, ...Object.fromEntries(Object.entries(rss).map(([name, mb]) => [`rss:${name}`, mb])) };
}

if (process.argv.includes(CHILD_FLAG)) {
  console.log(JSON.stringify(await measureInThisProcess()));
  process.exit(0);
}

const repeats = repeatsFromArgs();
const runs: Phases[] = [];
for (let run = 0; run < repeats * RUNS_PER_REPEAT; run++) {
  const child = Bun.spawnSync([process.execPath, import.meta.path, CHILD_FLAG], { stdout: "pipe", stderr: "inherit", timeout: 30_000 });
  if (!child.success) throw new Error(`run ${run} failed`);
  runs.push(JSON.parse(child.stdout.toString()) as Phases);
}
const names = Object.keys(runs[0]!).filter((name) => !name.startsWith("rss:"));
console.log(`\n### Where the start goes (from source), ${runs.length} fresh processes: median (min–max)\n`);
console.log(
  table(
    ["phase", "ms", "VmRSS MB after it"],
    names.map((name) => [name, spread(runs.map((phases) => phases[name]!), 1), spread(runs.map((phases) => phases[`rss:${name}`]!), 1)]),
  ),
);
console.log(`\nmedian total ${median(runs.map((phases) => phases.total!)).toFixed(1)} ms`);
printJson("startup-phases", runs);
