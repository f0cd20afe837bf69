// One running Telegram helper: requests and answers as JSON lines, a deadline on each, and a kill that reaches its group.
import type { Subprocess } from "bun";
import { signalGroup } from "../process/process-group";
import { parseHelperMessage, type HelperErrorBody, type HelperMessage, type HelperOp } from "./protocol";

/** How long a helper that was asked to end (stdin closed) gets before it is killed. */
export const HELPER_EXIT_GRACE_MS = 2_000;
/** A dialog list of thousands of chats fits easily; anything longer is not the helper speaking. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;
/** Enough of stderr to find the name of the exception that ended a crashed helper. */
const STDERR_TAIL_CHARS = 8 * 1024;
const EXCEPTION_LINE = /^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit))\b/;
/** After the exit, how long its last lines (a fatal message, a traceback) may take to come out of the pipes. */
const PIPE_DRAIN_MS = 500;

export type HelperFailureReason =
  | { kind: "answered"; error: HelperErrorBody }
  | { kind: "timeout"; op: HelperOp | "ready"; afterMs: number }
  | { kind: "exited"; code: number | null; signal: string | null; exception: string | null }
  | { kind: "unavailable"; code: string; message: string }
  | { kind: "killed" };

/** Why a request to the helper did not give a result. */
export class HelperFailure extends Error {
  constructor(readonly reason: HelperFailureReason) {
    super(`telegram helper: ${reason.kind}`);
    this.name = "HelperFailure";
  }
}

export interface HelperLaunch {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  /** Called once the helper has exited (to delete its script). */
  onExit?: () => void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(failure: HelperFailure): void;
}

export class HelperProcess {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = "";
  private killRequested = false;
  private exitFailure: HelperFailure | null = null;
  private ready!: { resolve(): void; reject(failure: HelperFailure): void };
  private readonly readyPromise = new Promise<void>((resolve, reject) => (this.ready = { resolve, reject }));
  /** Resolves when the helper has exited, with the failure that stands for its exit. */
  readonly exited: Promise<HelperFailure>;

  private constructor(private readonly child: Subprocess<"pipe", "pipe", "pipe">, onExit: (() => void) | undefined) {
    this.readyPromise.catch(() => undefined); // observed by start(); never an unhandled rejection
    // A pipe that breaks just ends its reading: the exit status tells what happened.
    const pipesDrained = Promise.all([this.readStdout().catch(() => undefined), this.readStderr().catch(() => undefined)]);
    this.exited = child.exited.then(async () => {
      await Promise.race([pipesDrained, Bun.sleep(PIPE_DRAIN_MS)]);
      const failure = this.killRequested
        ? new HelperFailure({ kind: "killed" })
        : new HelperFailure({ kind: "exited", code: child.exitCode, signal: signalName(child.signalCode), exception: this.exceptionName() });
      this.exitFailure = failure;
      this.ready.reject(failure);
      for (const pending of this.pending.values()) pending.reject(failure);
      this.pending.clear();
      onExit?.();
      return failure;
    });
  }

  /** Spawns the helper in its own process group and waits for its ready line. Throws HelperFailure. */
  static async start(launch: HelperLaunch, readyTimeoutMs: number): Promise<HelperProcess> {
    let child: Subprocess<"pipe", "pipe", "pipe">;
    try {
      child = Bun.spawn(launch.argv, {
        cwd: launch.cwd,
        env: launch.env,
        detached: process.platform !== "win32",
        stdin: "pipe",
        stdout: "pipe",
        stderr: "pipe",
      });
    } catch (error) {
      launch.onExit?.();
      throw new HelperFailure({ kind: "unavailable", code: "SPAWN_FAILED", message: `${launch.argv[0]}: ${(error as Error).message}` });
    }
    const helper = new HelperProcess(child, launch.onExit);
    try {
      await helper.withDeadline(helper.readyPromise, readyTimeoutMs, "ready");
    } catch (failure) {
      await helper.kill(); // gone, script deleted, before the caller hears of it
      throw failure;
    }
    return helper;
  }

  get pid(): number {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitFailure !== null;
  }

  /** Sends one request and waits for its answer; on timeout the helper is killed. Throws HelperFailure. */
  request(op: HelperOp, params: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    if (this.exitFailure) return Promise.reject(this.exitFailure);
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    try {
      this.child.stdin.write(JSON.stringify({ ...params, id, op }) + "\n");
      this.child.stdin.flush();
    } catch {
      void this.kill(); // its stdin is gone, so it can only be exiting: the exit rejects the answer
    }
    return this.withDeadline(answer, timeoutMs, op).finally(() => this.pending.delete(id));
  }

  /** Asks the helper to end (closes its stdin), and kills it if it is still there after the grace period. */
  async close(graceMs = HELPER_EXIT_GRACE_MS): Promise<void> {
    if (this.exitFailure) return;
    try {
      this.child.stdin.end();
    } catch {
      // the pipe is already closed: the helper is on its way out
    }
    const timer = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Kills the helper's whole process group at once and waits for it to exit. */
  async kill(): Promise<void> {
    const stillRunning = this.child.exitCode === null && this.child.signalCode === null; // its pid is not yet free for reuse
    if (!this.exitFailure && stillRunning) {
      this.killRequested = true;
      try {
        if (process.platform === "win32") this.child.kill("SIGKILL");
        else signalGroup(this.child.pid, "SIGKILL");
      } catch {
        this.child.kill("SIGKILL"); // no group left to signal: the leader alone, if it is not reaped yet
      }
    }
    await this.exited;
  }

  private withDeadline<T>(promise: Promise<T>, timeoutMs: number, op: HelperOp | "ready"): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new HelperFailure({ kind: "timeout", op, afterMs: timeoutMs }));
        void this.kill();
      }, timeoutMs);
    });
    return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  }

  private handle(message: HelperMessage): void {
    if ("event" in message) {
      if (message.event === "ready") this.ready.resolve();
      else this.ready.reject(new HelperFailure({ kind: "unavailable", code: message.code, message: message.message }));
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return; // an answer that came after its deadline
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new HelperFailure({ kind: "answered", error: message.error }));
  }

  private async readStdout(): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of chunksOf(this.child.stdout)) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf("\n")) !== -1) {
        const message = parseHelperMessage(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (message) this.handle(message);
      }
      if (buffered.length > MAX_LINE_CHARS) {
        buffered = "";
        void this.kill();
      }
    }
  }

  /** Keeps only a tail, and only to name the exception of a crash: stderr is never logged (it might hold secrets). */
  private async readStderr(): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of chunksOf(this.child.stderr)) {
      this.stderrTail = (this.stderrTail + decoder.decode(chunk, { stream: true })).slice(-STDERR_TAIL_CHARS);
    }
  }

  private exceptionName(): string | null {
    const lines = this.stderrTail.split("\n").map((line) => line.trim()).filter(Boolean);
    for (const line of lines.reverse()) {
      const match = EXCEPTION_LINE.exec(line);
      if (match) return match[1]!;
    }
    return null;
  }
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
  } finally {
    reader.releaseLock();
  }
}

function signalName(signal: NodeJS.Signals | number | null): string | null {
  return typeof signal === "number" ? `signal ${signal}` : signal;
}
