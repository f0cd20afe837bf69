// Runs every scenario of issue 3 in turn and keeps what they printed in bench/results/<timestamp>.md.
//   bun bench/run-all.ts [--repeats N] [--only fanout,latency,slow-client,http,startup,diagnose-log-cost,diagnose-memory,diagnose-http,startup-phases]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_REPEATS } from "./support/stats";

const SCENARIOS = ["fanout", "latency", "slow-client", "http", "startup"] as const;
/** Scripts that explain the numbers; run once, after the scenarios. */
const DIAGNOSES = ["diagnose-log-cost", "diagnose-memory", "diagnose-http", "startup-phases"] as const;
/** Bounds a scenario that hangs; the slowest (HTTP, 3 variants × 10 s per repeat) needs well under this. */
const SCENARIO_TIMEOUT_MS = 10 * 60_000;
const RESULTS_DIR = resolve(import.meta.dir, "results");

const { values } = parseArgs({ options: { repeats: { type: "string", default: String(DEFAULT_REPEATS) }, only: { type: "string" } } });
const ALL: readonly string[] = [...SCENARIOS, ...DIAGNOSES];
const chosen = values.only === undefined ? ALL : values.only.split(",").filter((name) => ALL.includes(name));

function run(argv: string[]): string {
  const result = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe" });
  return result.success ? result.stdout.toString().trim() : `(${argv[0]} failed)`;
}

function machine(): string {
  const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "?";
  return [
    `- date: ${new Date().toISOString()}`,
    `- nproc: ${run(["nproc"])}; CPU: ${cpuModel}; uname -m: ${run(["uname", "-m"])}`,
    `- bun ${Bun.version}; wrk: ${run(["sh", "-c", "wrk --version 2>&1 | head -1"])}`,
    "- free -h:",
    "```",
    run(["free", "-h"]),
    "```",
  ].join("\n");
}

const load = () => loadavg().map((value) => value.toFixed(2)).join(", ");
const sections: string[] = [`# Benchmark run\n\n${machine()}\n- load average at start: ${load()}\n- repeats per scenario: ${values.repeats}`];
for (const scenario of chosen) {
  console.error(`== ${scenario} (load average ${load()})`);
  const startedAt = performance.now();
  const child = Bun.spawn([process.execPath, resolve(import.meta.dir, `${scenario}.ts`), "--repeats", values.repeats!], { stdout: "pipe", stderr: "inherit" });
  const timer = setTimeout(() => child.kill("SIGKILL"), SCENARIO_TIMEOUT_MS);
  const output = await new Response(child.stdout).text();
  await child.exited;
  clearTimeout(timer);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(0);
  const status = child.exitCode === 0 ? "" : ` — FAILED (exit ${child.exitCode ?? child.signalCode})`;
  sections.push(`## ${scenario} (${seconds} s, load average after: ${load()})${status}\n${output.trim()}`);
  console.log(sections.at(-1));
}

mkdirSync(RESULTS_DIR, { recursive: true });
const path = join(RESULTS_DIR, `${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
writeFileSync(path, sections.join("\n\n") + "\n");
console.error(`kept in ${path}`);
