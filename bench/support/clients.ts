// Runs bench/log-clients.ts as a separate process and hands back what its readers saw.
import { resolve } from "node:path";
import type { ClientsReport } from "../log-clients";
import { BENCH_TOKEN, type Target } from "./targets";

const CLIENTS_ENTRY = resolve(import.meta.dir, "../log-clients.ts");
const READY_TIMEOUT_MS = 15_000;

export interface ClientsOptions {
  clients: number;
  /** Flood lines each client waits for. */
  expect: number;
  latency?: boolean;
  timeoutMs?: number;
  idleMs?: number;
}

export interface ClientsProcess {
  /** Resolves once every socket is open. */
  pid: number;
  ready: Promise<void>;
  report: Promise<ClientsReport>;
  kill(): void;
}

/** Spawns the readers against `target`'s /ws/logs?tail=0. */
export function startClients(target: Target, options: ClientsOptions): ClientsProcess {
  const wsUrl = `${target.url.replace(/^http/, "ws")}/ws/logs?tail=0`;
  const args = ["--url", wsUrl, "--token", BENCH_TOKEN, "--clients", String(options.clients), "--expect", String(options.expect)];
  if (options.latency) args.push("--latency");
  if (options.timeoutMs !== undefined) args.push("--timeout-ms", String(options.timeoutMs));
  if (options.idleMs !== undefined) args.push("--idle-ms", String(options.idleMs));
  const child = Bun.spawn([process.execPath, CLIENTS_ENTRY, ...args], { stdin: "ignore", stdout: "pipe", stderr: "inherit" });
  const lines = readLines(child.stdout);
  const ready = (async () => {
    const timer = setTimeout(() => child.kill("SIGKILL"), READY_TIMEOUT_MS);
    const first = await lines.next();
    clearTimeout(timer);
    if (first.value !== "ready") throw new Error(`the clients did not get ready (${first.value ?? "exited"})`);
  })();
  const report = ready.then(async () => {
    const result = await lines.next();
    await child.exited;
    if (result.done) throw new Error(`the clients exited with ${child.exitCode} and no report`);
    return JSON.parse(result.value) as ClientsReport;
  });
  return { pid: child.pid, ready, report, kill: () => child.kill("SIGKILL") };
}

async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    const parts = (pending + decoder.decode(chunk, { stream: true })).split("\n");
    pending = parts.pop()!;
    yield* parts;
  }
  if (pending !== "") yield pending;
}
