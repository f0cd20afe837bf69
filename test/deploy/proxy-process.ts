// Runs nginx or Caddy in the foreground for a test, optionally under strace to record every address it connects to.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import type { Subprocess } from "bun";

const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const POLL_MS = 20;
/** The system calls through which a process reaches an address: TCP and connected UDP, and unconnected UDP (DNS). */
const TRACED_CALLS = "trace=connect,sendto,sendmsg,sendmmsg";

/** strace, if it is installed and may trace here (ptrace can be forbidden in containers). */
export const STRACE: string | null = (() => {
  const strace = Bun.which("strace");
  if (!strace) return null;
  const probe = Bun.spawnSync([strace, "-f", "-qq", "-e", TRACED_CALLS, "-o", "/dev/null", "true"], { stdout: "ignore", stderr: "ignore" });
  return probe.exitCode === 0 ? strace : null;
})();

export interface ProxyCommand {
  name: string;
  argv: string[];
  env: Record<string, string>;
  /** Where the proxy writes its own pid (under strace the child we spawn is strace). */
  pidFile: string;
  /** A port the proxy listens on once it is ready. */
  readyPort: number;
  workDir: string;
  /** Files worth showing when the proxy fails to start (its error log). */
  logFiles: string[];
}

export class ProxyProcess {
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly command: ProxyCommand,
    private readonly child: Subprocess,
    private readonly pid: number,
    private readonly traceFile: string | null,
  ) {}

  /** Starts the proxy and waits until it accepts connections and has written its pid file. */
  static async start(command: ProxyCommand): Promise<ProxyProcess> {
    const traceFile = STRACE ? join(command.workDir, "strace.txt") : null;
    const argv = STRACE ? [STRACE, "-f", "-qq", "-e", TRACED_CALLS, "-o", traceFile!, "--", ...command.argv] : command.argv;
    const outputFile = join(command.workDir, "stderr.txt");
    const child = Bun.spawn(argv, { env: command.env, stdin: "ignore", stdout: "ignore", stderr: Bun.file(outputFile) });
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(existsSync(command.pidFile) && (await portAccepts(command.readyPort)))) {
      const exited = child.exitCode !== null || child.signalCode !== null;
      if (exited || Date.now() > deadline) {
        const why = exited ? `exited (${child.exitCode ?? child.signalCode})` : `was not ready within ${START_TIMEOUT_MS} ms`;
        await terminate(child, proxyPidOf(child, command.pidFile, traceFile !== null));
        const logs = [outputFile, ...command.logFiles].filter(existsSync).map((file) => `${file}:\n${readFileSync(file, "utf8")}`);
        throw new Error(`${command.name} ${why}:\n${logs.join("\n")}`);
      }
      await Bun.sleep(POLL_MS);
    }
    return new ProxyProcess(command, child, proxyPidOf(child, command.pidFile, traceFile !== null), traceFile);
  }

  /** SIGTERM (both proxies stop at once on it), SIGKILL after STOP_GRACE_MS; resolves when every process is gone. */
  stop(): Promise<void> {
    return (this.stopping ??= terminate(this.child, this.pid));
  }

  /** Every address the proxy connected or sent to, from the trace (empty when not traced). */
  contactedAddresses(): string[] {
    if (!this.traceFile || !existsSync(this.traceFile)) return [];
    const trace = readFileSync(this.traceFile, "utf8");
    const addresses = new Set<string>();
    for (const [, ipv4, ipv6] of trace.matchAll(/inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"/g)) addresses.add((ipv4 ?? ipv6)!);
    return [...addresses];
  }

  /** The text of one of its files in the work dir (a log). */
  file(name: string): string {
    const path = join(this.command.workDir, name);
    return existsSync(path) ? readFileSync(path, "utf8") : "";
  }
}

/**
 * The proxy's own pid: from its pid file, else the process strace started, else the one we spawned. Under strace a
 * signal must go to the proxy: strace, signalled, would only detach and leave the proxy running.
 */
function proxyPidOf(child: Subprocess, pidFile: string, traced: boolean): number {
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0) return pid;
  }
  return (traced ? childrenOf(child.pid)[0] : undefined) ?? child.pid;
}

/** SIGTERM to the proxy; if it has not ended after STOP_GRACE_MS, SIGKILL to every process the spawned child started. */
async function terminate(child: Subprocess, proxyPid: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const family = [child.pid, ...descendantsOf(child.pid)];
  signal(proxyPid, "SIGTERM");
  const ended = await Promise.race([child.exited.then(() => true), Bun.sleep(STOP_GRACE_MS).then(() => false)]);
  if (ended) return;
  for (const pid of new Set([...family, ...descendantsOf(child.pid)])) signal(pid, "SIGKILL");
  await child.exited;
}

function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // the process has ended
  }
  return tasks.flatMap((task) => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number);
    } catch {
      return []; // the thread has ended
    }
  });
}

function descendantsOf(pid: number): number[] {
  return childrenOf(pid).flatMap((child) => [child, ...descendantsOf(child)]);
}

export function isLoopbackAddress(address: string): boolean {
  return /^127\./.test(address) || address === "::1" || /^::ffff:127\./i.test(address);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
