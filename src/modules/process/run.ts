// One run of tgcf: its child, its output pumps, and stopping or cleaning up all it started.
import { withTimeout, type Clock } from "./clock";
import { drainStream, RecentLines, type OutputSink } from "./output";
import type { ProcessFamily, ProcessGroups } from "./process-group";
import type { SpawnedChild } from "./spawner";
import type { ChildExit, Mode } from "./state";
import { terminateFamily, type TerminateOptions, type TerminateResult } from "./terminate";
import { withWebPasswordNote } from "./web-password-note";

/** Once the family is gone its pipes close at once; this only bounds a pipe held open elsewhere. */
const OUTPUT_DRAIN_WAIT_MS = 1_000;

export interface StopResult {
  exitCode: number | null;
  signal: string | null;
}

/** What a run needs from the supervisor around it. */
export interface RunContext {
  output: OutputSink;
  groups: ProcessGroups;
  clock: Clock;
  terminateOptions: TerminateOptions;
  /** Put in tgcf's environment at spawn (FAMILY_TAG_VARIABLE), so all it starts can be found. */
  familyTag: string;
}

interface StopRequest {
  by: string;
  termination: Promise<TerminateResult>;
  done: PromiseWithResolvers<StopResult>;
}

export class Run {
  readonly recentLines = new RecentLines();
  /** tgcf and all it starts, found again at every look. */
  readonly family: ProcessFamily;
  private readonly drained: Promise<unknown>;
  private stopRequest: StopRequest | null = null;

  /** Starts reading both pipes at once: tgcf blocks as soon as one of them is full. */
  constructor(
    readonly child: SpawnedChild,
    readonly mode: Mode,
    readonly startedAt: number,
    private readonly context: RunContext,
  ) {
    const { output, groups, familyTag } = context;
    this.family = groups.familyOf(child.pid, familyTag);
    this.drained = Promise.all([
      drainStream(child.stdout, "stdout", withWebPasswordNote(output.createStreamSink("stdout"), (note) => output.system(note)), this.recentLines),
      drainStream(child.stderr, "stderr", output.createStreamSink("stderr"), this.recentLines),
    ]).catch((error: unknown) => output.system(`reading tgcf's output failed: ${(error as Error).message}`));
  }

  get pid(): number {
    return this.child.pid;
  }

  /** Who asked for the stop, or null. */
  get stoppedBy(): string | null {
    return this.stopRequest?.by ?? null;
  }

  /** Sends SIGINT to the family and escalates (once); the promise settles through finishStop(). */
  requestStop(by: string): Promise<StopResult> {
    if (this.stopRequest !== null) return this.stopRequest.done.promise;
    const { clock, terminateOptions, output } = this.context;
    output.system(`stopping pid ${this.pid} (by ${by})`);
    const termination = terminateFamily(this.family, this.child.exited, clock, terminateOptions);
    this.stopRequest = { by, termination, done: Promise.withResolvers<StopResult>() };
    return this.stopRequest.done.promise;
  }

  /**
   * After the child exited: waits until all it started is gone (the requested stop, or stopping
   * what the child left behind) and its output has been read.
   */
  async settle(exit: ChildExit): Promise<void> {
    const { clock, terminateOptions, output } = this.context;
    let termination = this.stopRequest?.termination ?? null;
    if (termination === null) {
      const leftBehind = this.family.alivePids();
      if (leftBehind.length > 0) {
        output.system(`tgcf exited but left processes in its group ${this.pid} or started by it (pids ${leftBehind.join(", ")}); stopping them`);
        termination = terminateFamily(this.family, Promise.resolve(exit), clock, terminateOptions);
      } else {
        this.family.reapZombies();
      }
    }
    if (termination !== null) {
      try {
        const result = await termination;
        if (!result.familyGone) output.system(`processes started by pid ${this.pid} (pids ${this.family.alivePids().join(", ")}) survived SIGKILL; giving up on them`);
      } catch (error) {
        output.system(`could not stop the processes of pid ${this.pid}: ${(error as Error).message}`);
      }
    }
    await withTimeout(clock, this.drained, OUTPUT_DRAIN_WAIT_MS, undefined);
  }

  /** SIGKILLs tgcf and all it started at once, without waiting. */
  killNow(): void {
    this.family.signal("SIGKILL");
  }

  /** Resolves the requestStop() promise, if any. */
  finishStop(exit: ChildExit): void {
    this.stopRequest?.done.resolve({ exitCode: exit.code, signal: exit.signal });
  }
}
