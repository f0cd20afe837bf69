// The yardstick: the least a Bun log relay can do (spawn, split lines, native pub/sub), measured beside tgcf-server.
//   bun bench/yardstick-relay.ts --port N --token T --command "<bun> test/fixtures/fake-tgcf.ts"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string" }, token: { type: "string" }, command: { type: "string" } } });
const TOPIC = "logs";
const RUNNABLE_CONFIG = { login: { API_ID: 1, API_HASH: "h", user_type: 1, SESSION_STRING: "s" }, forwards: [{ source: 1, dest: [2] }] };
const workDir = mkdtempSync(join(tmpdir(), "yardstick-relay-"));
writeFileSync(join(workDir, "tgcf.config.json"), JSON.stringify(RUNNABLE_CONFIG));
const bearer = `Bearer ${values.token}`;
type Child = { pid: number; startedAt: number; exitCode: number | null };
let child: Child | null = null;

async function relay(stdout: ReadableStream<Uint8Array>): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of stdout as unknown as AsyncIterable<Uint8Array>) {
    const lines = (pending + decoder.decode(chunk, { stream: true })).split("\n");
    pending = lines.pop()!;
    for (const line of lines) server.publish(TOPIC, line);
  }
}

function status() {
  const isRunning = child !== null && child.exitCode === null;
  return {
    isRunning, pid: isRunning ? child!.pid : null, startTime: child ? new Date(child.startedAt).toISOString() : null, mode: child ? "past" : null,
    uptimeSeconds: isRunning ? Math.floor((Date.now() - child!.startedAt) / 1000) : 0, state: isRunning ? "running" : child ? "exited" : "stopped",
    restarts: 0, lastExit: child && !isRunning ? { code: child.exitCode, signal: null, at: new Date().toISOString(), reason: "exited" } : null,
  };
}

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(values.port),
  fetch(request, server) {
    const path = new URL(request.url).pathname;
    if (path === "/api/health") return Response.json({ ok: true });
    if (request.headers.get("authorization") !== bearer) return Response.json({ error: "unauthorized" }, { status: 401 });
    if (path === "/api/status") return Response.json(status());
    if (path === "/ws/logs") return server.upgrade(request) ? undefined : new Response("upgrade failed", { status: 400 });
    if (path !== "/api/run" || request.method !== "POST") return Response.json({ error: "not found" }, { status: 404 });
    const spawned = Bun.spawn([...values.command!.split(" "), "past", "--loud"], { cwd: workDir, env: { ...process.env, PYTHONUNBUFFERED: "1" }, stdout: "pipe", stderr: "ignore" });
    const run: Child = (child = { pid: spawned.pid, startedAt: Date.now(), exitCode: null });
    void spawned.exited.then((code) => (run.exitCode = code));
    void relay(spawned.stdout);
    return Response.json({ status: "started", pid: spawned.pid });
  },
  websocket: { open: (socket) => void socket.subscribe(TOPIC), message() {} },
});
process.on("SIGTERM", () => (rmSync(workDir, { recursive: true, force: true }), process.exit(0)));
