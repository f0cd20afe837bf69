// Measures the compiled executable: its size, the time from exec to the first 200 on /api/health, and
// its resident memory once idle after start (VmRSS from /proc/<pid>/status). Linux only (/proc).
//   bun run build && bun bench/binary.ts [path/to/tgcf-server] [--runs N]
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, cpus, machine, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";

const DEFAULT_RUNS = 15;
const TOKEN = "bench-Token-2mK7vR9qW4xT8nL1pZ5cB3j";
/** Long enough for start-up work (JIT, first allocations) to settle before RSS is read. */
const IDLE_BEFORE_RSS_MS = 2_000;
const START_TIMEOUT_MS = 30_000;
const POLL_MS = 1;

interface Run {
  startMs: number;
  idleRssKiB: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith("VmRSS:"));
  if (!line) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line.replace(/\D+/g, ""));
}

/** One cold start in a fresh data dir: exec, poll /api/health until 200, idle, read RSS, SIGTERM. */
async function measureOnce(binary: string): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), "tgcf-server-bench-"));
  const port = freePort();
  const url = `http://127.0.0.1:${port}/api/health`;
  const args = ["--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir, "--token", TOKEN, "--log-level", "error"];
  const startedAt = performance.now();
  const server = Bun.spawn([binary, ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, stdout: "ignore", stderr: "ignore" });
  try {
    let startMs: number | null = null;
    while (startMs === null) {
      const response = await fetch(url).catch(() => null);
      if (response?.status === 200) startMs = performance.now() - startedAt;
      else if (performance.now() - startedAt > START_TIMEOUT_MS) throw new Error(`${binary} did not answer ${url} within ${START_TIMEOUT_MS} ms`);
      else if (server.exitCode !== null) throw new Error(`${binary} exited with ${server.exitCode} before answering`);
      else await Bun.sleep(POLL_MS);
    }
    await Bun.sleep(IDLE_BEFORE_RSS_MS);
    return { startMs, idleRssKiB: rssKiB(server.pid) };
  } finally {
    server.kill("SIGTERM");
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const runsFlag = process.argv.indexOf("--runs");
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : DEFAULT_RUNS;
const binary = resolve(process.argv.slice(2).find((arg, index, all) => !arg.startsWith("--") && all[index - 1] !== "--runs") ?? "dist/tgcf-server");
const sizeBytes = statSync(binary).size;
const sha256 = new Bun.CryptoHasher("sha256").update(readFileSync(binary)).digest("hex");

const results: Run[] = [];
for (let run = 0; run < runs; run++) results.push(await measureOnce(binary));
const startTimes = results.map((result) => result.startMs);
const rss = results.map((result) => result.idleRssKiB / 1024);

const report = {
  date: new Date().toISOString(),
  machine: { arch: machine(), nproc: availableParallelism(), memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), cpu: cpus()[0]?.model ?? "unknown" },
  binary: { path: binary, sha256, sizeMiB: +(sizeBytes / 2 ** 20).toFixed(1), bun: Bun.version },
  runs,
  execToFirstHealth200Ms: { median: +median(startTimes).toFixed(1), min: +Math.min(...startTimes).toFixed(1), max: +Math.max(...startTimes).toFixed(1) },
  idleRssMiB: { median: +median(rss).toFixed(1), min: +Math.min(...rss).toFixed(1), max: +Math.max(...rss).toFixed(1), afterIdleMs: IDLE_BEFORE_RSS_MS },
};
process.stdout.write(
  [
    `tgcf-server binary benchmark, ${report.date}`,
    `machine: ${report.machine.arch}, ${report.machine.nproc} CPUs (${report.machine.cpu}), ${report.machine.memoryGiB} GiB`,
    `binary:  ${binary} (${report.binary.sizeMiB} MiB, sha256 ${sha256.slice(0, 16)}…, bun ${Bun.version})`,
    `exec → first 200 on /api/health, ${runs} runs: median ${report.execToFirstHealth200Ms.median} ms (min ${report.execToFirstHealth200Ms.min}, max ${report.execToFirstHealth200Ms.max})`,
    `idle RSS ${IDLE_BEFORE_RSS_MS / 1000} s after start: median ${report.idleRssMiB.median} MiB (min ${report.idleRssMiB.min}, max ${report.idleRssMiB.max})`,
    JSON.stringify(report),
  ].join("\n") + "\n",
);
