// WebSocket log readers, run as their own process so their work never shares a core's event loop with the server.
//   bun bench/log-clients.ts --url ws://127.0.0.1:N/ws/logs?tail=0 --token T --clients 50 --expect 200000 [--latency]
// Prints "ready" once every socket is open, then one JSON line (ClientsReport) when every client has its
// lines or was closed, or after --idle-ms without a message, or after --timeout-ms in all.
// Works on both targets: it reads the flood index ("flood 17 ...", or "timed 17 <ms> ..." from
// timed-child.ts) from the text, whether it comes bare (yardstick) or inside tgcf-server's JSON.
import { parseArgs } from "node:util";

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_IDLE_MS = 3_000;
/** Latency samples before this many ms after a client's first line are dropped (JIT warm-up on all sides). */
const DEFAULT_WARMUP_MS = 1_000;
const CHECK_EVERY_MS = 50;
const FLOOD_MARK = "flood ";
const TIMED_MARK = "timed ";

export interface ClientResult {
  received: number;
  /** Times a line's index was not the previous one plus one (a loss, a repeat or a reordering). */
  discontinuities: number;
  firstAtMs: number | null;
  lastAtMs: number | null;
  closeCode: number | null;
}

export interface ClientsReport {
  clients: ClientResult[];
  /** Client-observed delay from the child's write to the receive, in ms (only with --latency). */
  latencyMs: { count: number; p50: number; p90: number; p99: number; max: number } | null;
  /** CPU time this process used after "ready" (user + system). */
  cpuMs: number;
}

const { values } = parseArgs({
  options: {
    url: { type: "string" }, token: { type: "string" }, clients: { type: "string", default: "1" }, expect: { type: "string" },
    latency: { type: "boolean", default: false }, "timeout-ms": { type: "string" }, "idle-ms": { type: "string" }, "warmup-ms": { type: "string" },
  },
});
const clientCount = Number(values.clients);
const expected = Number(values.expect);
const timeoutMs = Number(values["timeout-ms"] ?? DEFAULT_TIMEOUT_MS);
const idleMs = Number(values["idle-ms"] ?? DEFAULT_IDLE_MS);
const warmupMs = Number(values["warmup-ms"] ?? DEFAULT_WARMUP_MS);
const mark = values.latency ? TIMED_MARK : FLOOD_MARK;
const wallNow = () => performance.timeOrigin + performance.now();
const latencies: number[] = [];
let lastMessageAt = 0;

/** The integer at `from` in `text`, and where it ends. */
function readInteger(text: string, from: number): [number, number] {
  let value = 0;
  let at = from;
  for (let code = text.charCodeAt(at); code >= 48 && code <= 57; code = text.charCodeAt(++at)) value = value * 10 + code - 48;
  return [value, at];
}

function openClient(): { result: ClientResult; opened: Promise<void>; socket: WebSocket } {
  const result: ClientResult = { received: 0, discontinuities: 0, firstAtMs: null, lastAtMs: null, closeCode: null };
  const socket = new WebSocket(values.url!, { headers: { authorization: `Bearer ${values.token}` } } as unknown as string[]);
  let previousIndex = 0;
  socket.addEventListener("message", (event) => {
    const receivedAt = performance.now();
    lastMessageAt = receivedAt;
    const text = event.data as string;
    const markAt = text.indexOf(mark);
    if (markAt === -1) return;
    const [index, indexEnd] = readInteger(text, markAt + mark.length);
    if (index !== previousIndex + 1) result.discontinuities++;
    previousIndex = index;
    result.received++;
    result.firstAtMs ??= receivedAt;
    result.lastAtMs = receivedAt;
    if (values.latency && receivedAt - result.firstAtMs >= warmupMs) {
      const sentAt = Number.parseFloat(text.slice(indexEnd + 1, text.indexOf(" ", indexEnd + 1)));
      latencies.push(wallNow() - sentAt);
    }
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("close", (event) => {
      result.closeCode = event.code;
      reject(new Error(`socket closed before it opened (${event.code})`));
    });
  });
  return { result, opened, socket };
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

const clients = Array.from({ length: clientCount }, openClient);
await Promise.all(clients.map((client) => client.opened));
process.stdout.write("ready\n");
const cpuAtReady = process.cpuUsage();

const startedAt = performance.now();
for (;;) {
  await Bun.sleep(CHECK_EVERY_MS);
  const now = performance.now();
  const allDone = clients.every(({ result }) => result.received >= expected || result.closeCode !== null);
  const idle = lastMessageAt > 0 && now - lastMessageAt > idleMs;
  if (allDone || idle || now - startedAt > timeoutMs) break;
}
for (const { socket } of clients) socket.close();
const sorted = Float64Array.from(latencies).sort();
const latencyMs = values.latency
  ? { count: sorted.length, p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN }
  : null;
const cpu = process.cpuUsage(cpuAtReady);
const report: ClientsReport = { clients: clients.map(({ result }) => result), latencyMs, cpuMs: (cpu.user + cpu.system) / 1000 };
process.stdout.write(JSON.stringify(report) + "\n");
process.exit(0);
