// Test doubles for the process module: a fake clock, an in-memory OS (spawner + process groups), a recording sink.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock, TimerHandle } from "../../../src/modules/process/clock";
import type { OutputSink, StreamName, StreamSink } from "../../../src/modules/process/output";
import type { ProcessFamily, ProcessGroups } from "../../../src/modules/process/process-group";
import type { SpawnedChild, SpawnRequest, Spawner } from "../../../src/modules/process/spawner";
import type { ChildExit } from "../../../src/modules/process/state";

export const FAKE_TGCF = join(import.meta.dir, "..", "..", "fixtures", "fake-tgcf.ts");
/** TGCF_SERVER_COMMAND for the real fake tgcf. */
export const FAKE_TGCF_COMMAND = `${process.execPath} ${FAKE_TGCF}`;
const WAIT_POLL_MS = 10;
const DEFAULT_WAIT_MS = 15_000;

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), "tgcf-process-"));
}

/** Polls `condition` in real time until it holds; fails the test after `timeoutMs` (a liveness bound only). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(WAIT_POLL_MS);
  }
}

/** Time that moves only when the test says so. */
export class FakeClock implements Clock {
  private nowMs = Date.parse("2026-01-01T00:00:00.000Z");
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.nowMs + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(timer: TimerHandle): void {
    this.timers.delete(timer as number);
  }

  /** Delays (from now) of the timers still pending. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((timer) => timer.at - this.nowMs).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, firing due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      await settle();
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= target).sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      const [id, timer] = due;
      this.timers.delete(id);
      this.nowMs = timer.at;
      timer.callback();
    }
    this.nowMs = target;
    await settle();
  }
}

/** Lets pending promise chains run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve));
}

export interface FakeChildBehaviour {
  /** Signals the child ignores (SIGKILL cannot be ignored). */
  ignores: NodeJS.Signals[];
  /** Its group outlives it until SIGKILL (a grandchild that ignores signals). */
  leavesGroupBehind: boolean;
}

/** A tgcf that exists only in memory: answers SIGINT with code 1 and SIGTERM by dying, like the real one. */
export class FakeChild implements SpawnedChild {
  readonly exited: Promise<ChildExit>;
  readonly stdout: ReadableStream<Uint8Array>;
  readonly stderr: ReadableStream<Uint8Array>;
  readonly signals: string[] = [];
  hasExited = false;
  groupAlive = true;
  private resolveExit!: (exit: ChildExit) => void;
  private readonly streams: Partial<Record<StreamName, ReadableStreamDefaultController<Uint8Array>>> = {};

  constructor(
    readonly pid: number,
    private readonly behaviour: FakeChildBehaviour,
  ) {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
    this.stdout = new ReadableStream({ start: (controller) => void (this.streams.stdout = controller) });
    this.stderr = new ReadableStream({ start: (controller) => void (this.streams.stderr = controller) });
  }

  print(stream: StreamName, text: string): void {
    this.streams[stream]!.enqueue(new TextEncoder().encode(text));
  }

  /** Ends the child (and, unless it leaves its group behind, the group). */
  exit(code: number | null, signal: string | null = null): void {
    if (this.hasExited) return;
    this.hasExited = true;
    if (!this.behaviour.leavesGroupBehind || signal === "SIGKILL") this.groupAlive = false;
    this.streams.stdout!.close();
    this.streams.stderr!.close();
    this.resolveExit({ code, signal });
  }

  receive(signal: NodeJS.Signals | 0): void {
    if (signal === 0) return;
    this.signals.push(signal);
    if (signal === "SIGKILL") {
      this.groupAlive = false;
      queueMicrotask(() => this.exit(null, "SIGKILL"));
    } else if (!this.behaviour.ignores.includes(signal)) {
      queueMicrotask(() => (signal === "SIGINT" ? this.exit(1) : this.exit(null, signal)));
    }
  }
}

/** The OS layer in memory: spawns FakeChild, signals and inspects their groups. */
export class FakeOs implements Spawner, ProcessGroups {
  readonly children: FakeChild[] = [];
  readonly requests: SpawnRequest[] = [];
  /** Applied to every child spawned from now on. */
  behaviour: FakeChildBehaviour = { ignores: [], leavesGroupBehind: false };
  /** Makes the next spawn() throw this. */
  failNextSpawn: Error | null = null;
  /** How many times a family reaped its zombies. */
  reapings = 0;
  private readonly foreign = new Map<number, { child: FakeChild; commandLine: string[]; tag: string | null }>();
  private nextPid = 1000;

  get last(): FakeChild {
    const child = this.children.at(-1);
    if (!child) throw new Error("nothing was spawned");
    return child;
  }

  spawn(request: SpawnRequest): SpawnedChild {
    if (this.failNextSpawn) {
      const error = this.failNextSpawn;
      this.failNextSpawn = null;
      throw error;
    }
    const child = new FakeChild(this.nextPid++, this.behaviour);
    this.children.push(child);
    this.requests.push(request);
    return child;
  }

  /**
   * A process the supervisor did not spawn (an orphan of an earlier server, or an unrelated program);
   * `tag`: the family tag in its environment, if any.
   */
  addForeignProcess(commandLine: string[], behaviour: FakeChildBehaviour = { ignores: [], leavesGroupBehind: false }, tag: string | null = null): FakeChild {
    const child = new FakeChild(this.nextPid++, behaviour);
    this.foreign.set(child.pid, { child, commandLine, tag });
    return child;
  }

  /** The leader's group (a FakeChild and what it leaves behind), plus the foreign processes with `tag`, each a group of its own. */
  familyOf(leader: number | null, tag: string | null): ProcessFamily {
    const alivePids = () => {
      const tagged = [...this.foreign.values()].filter((entry) => tag !== null && entry.tag === tag).map((entry) => entry.child.pid);
      const candidates = leader === null ? tagged : [leader, ...tagged.filter((pid) => pid !== leader)];
      return candidates.filter((pid) => this.isGroupAlive(pid));
    };
    return {
      signal: (signal) => {
        for (const pid of alivePids()) this.signalGroup(pid, signal);
      },
      alivePids,
      reapZombies: () => void this.reapings++,
    };
  }

  signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
    const child = this.find(pgid);
    if (!child?.groupAlive) return false;
    child.receive(signal);
    return true;
  }

  isGroupAlive(pgid: number): boolean {
    return this.find(pgid)?.groupAlive ?? false;
  }

  commandLineOf(pid: number): string[] | null {
    const foreign = this.foreign.get(pid);
    if (foreign) return foreign.child.hasExited ? null : foreign.commandLine;
    const index = this.children.findIndex((child) => child.pid === pid);
    const child = this.children[index];
    return child && !child.hasExited ? this.requests[index]!.argv : null;
  }

  private find(pid: number): FakeChild | undefined {
    return this.children.find((child) => child.pid === pid) ?? this.foreign.get(pid)?.child;
  }
}

/** An OutputSink that keeps everything for assertions. */
export class RecordingOutput implements OutputSink {
  readonly systemLines: string[] = [];
  readonly ended: StreamName[] = [];
  private readonly bytes: Record<StreamName, Uint8Array[]> = { stdout: [], stderr: [] };

  createStreamSink(stream: StreamName): StreamSink {
    return { write: (chunk) => void this.bytes[stream].push(chunk.slice()), end: () => void this.ended.push(stream) };
  }

  system(text: string): void {
    this.systemLines.push(text);
  }

  text(stream: StreamName): string {
    return Buffer.concat(this.bytes[stream]).toString("utf8");
  }

  raw(stream: StreamName): Buffer {
    return Buffer.concat(this.bytes[stream]);
  }
}

/** An OutputSink that throws every byte away (the pipes must still be drained). */
export const discardingOutput: OutputSink = {
  createStreamSink: () => ({ write: () => undefined, end: () => undefined }),
  system: () => undefined,
};
