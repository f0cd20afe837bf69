// Per-instance cost: idle RSS and start time of a server with 1 and with 20 configured instances, and the fan-out of
// 5 instances logging at once to one merged socket (/ws/logs?instances=all). `bun bench/instances.ts`
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ENTRY = resolve(import.meta.dir, "../src/index.ts");
const FAKE_TGCF = `${process.execPath} ${resolve(import.meta.dir, "../test/fixtures/fake-tgcf.ts")}`;
const TOKEN = "bench-Token-7fQ9xK2mR8vL3pW6zT1cHd5N";
const IDLE_SETTLE_MS = 2_000;
const FLOOD_LINES = 20_000;
const RUNS = 3;

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

async function startServer(dataDir: string, port: number, env: Record<string, string> = {}) {
  const began = performance.now();
  const child = Bun.spawn([process.execPath, ENTRY, "--host", "127.0.0.1", "--port", String(port), "--data-dir", dataDir, "--log-level", "warn"], {
    env: { ...process.env, TGCF_SERVER_TOKEN: TOKEN, TGCF_SERVER_COMMAND: FAKE_TGCF, ...env },
    stdout: "ignore",
    stderr: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  while (!(await fetch(`${url}/api/ready`).then((r) => r.ok, () => false))) await Bun.sleep(5);
  return { child, url, startMs: performance.now() - began };
}

const api = (url: string, path: string, init: RequestInit = {}) =>
  fetch(url + path, { ...init, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...(init.headers ?? {}) } });

let nextPort = 39_000 + Math.floor(Math.random() * 1000);

/** A data dir with `count` instances (created through the API once, so every file is the server's own). */
async function dataDirWith(count: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-bench-instances-"));
  mkdirSync(dir, { recursive: true });
  const { child, url } = await startServer(dir, nextPort++, { TGCF_SERVER_MAX_INSTANCES: String(count) });
  for (let index = 1; index < count; index++) await api(url, "/api/instances", { method: "POST", body: JSON.stringify({ id: `i${index}` }) });
  child.kill("SIGTERM");
  await child.exited;
  return dir;
}

async function idle(count: number) {
  const dir = await dataDirWith(count);
  const starts: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { child, startMs } = await startServer(dir, nextPort++);
    await Bun.sleep(IDLE_SETTLE_MS);
    starts.push(startMs);
    rss.push(rssBytes(child.pid));
    child.kill("SIGTERM");
    await child.exited;
  }
  rmSync(dir, { recursive: true, force: true });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { instances: count, startMs: Math.round(median(starts)), idleRssMiB: Math.round((median(rss) / 1048576) * 10) / 10 };
}

async function fanOut(count: number) {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-bench-fanout-"));
  const { child, url } = await startServer(dir, nextPort++, {
    FAKE_TGCF_FLOOD_LINES: String(FLOOD_LINES),
    FAKE_TGCF_FLOOD_THEN: "stay",
    PYTHONUNBUFFERED: "1",
  });
  const ids = ["default", ...Array.from({ length: count - 1 }, (_, index) => `f${index}`)];
  for (const id of ids) {
    if (id !== "default") await api(url, "/api/instances", { method: "POST", body: JSON.stringify({ id }) });
    const config = { login: { API_ID: 1, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 0, BOT_TOKEN: `1:bench-${id}` }, forwards: [{ source: -1001, dest: [-1002] }] };
    await api(url, `/api/instances/${id}/config`, { method: "PATCH", body: JSON.stringify(config) });
  }
  const perInstance = new Map<string, number>();
  const socket = new WebSocket(`${url.replace("http", "ws")}/ws/logs?instances=all&tail=0`, { headers: { authorization: `Bearer ${TOKEN}` } } as never);
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data));
    if (message.type === "log" && message.stream === "stdout") perInstance.set(message.instance, (perInstance.get(message.instance) ?? 0) + 1);
  };
  await new Promise((resolveOpen) => (socket.onopen = resolveOpen));
  const began = performance.now();
  await Promise.all(ids.map((id) => api(url, `/api/instances/${id}/run`, { method: "POST" })));
  const total = () => [...perInstance.values()].reduce((a, b) => a + b, 0);
  const deadline = Date.now() + 60_000;
  while (total() < FLOOD_LINES * count && Date.now() < deadline) await Bun.sleep(20);
  const seconds = (performance.now() - began) / 1000;
  const peakRss = rssBytes(child.pid);
  socket.close();
  child.kill("SIGTERM");
  await child.exited;
  rmSync(dir, { recursive: true, force: true });
  return { instances: count, linesReceived: total(), seconds: Math.round(seconds * 100) / 100, linesPerSecond: Math.round(total() / seconds), serverRssMiB: Math.round((peakRss / 1048576) * 10) / 10 };
}

const one = await idle(1);
const twenty = await idle(20);
console.log(JSON.stringify({ idle: [one, twenty], perInstance: { startMs: Math.round((twenty.startMs - one.startMs) / 19), idleRssMiB: Math.round(((twenty.idleRssMiB - one.idleRssMiB) / 19) * 100) / 100 } }));
console.log(JSON.stringify({ fanOut: await fanOut(5) }));
