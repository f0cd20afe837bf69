// One run of tgcf: its child, its output pumps, and stopping or cleaning up its process group.
import { withTimeout, type Clock } from "./clock";
import { drainStream, RecentLines, type OutputSink } from "./output";
import type { ProcessGroups } from "./process-group";
import type { SpawnedChild } from "./spawner";
import type { ChildExit, Mode } from "./state";
import { terminateGroup, type TerminateOptions, type TerminateResult } from "./terminate";

/** Once the group is gone its pipes close at once; this only bounds a pipe held open elsewhere. */
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
}

interface StopRequest {
  by: string;
  termination: Promise<TerminateResult>;
  done: PromiseWithResolvers<StopResult>;
}

export class Run {
  readonly recentLines = new RecentLines();
  private readonly drained: Promise<unknown>;
  private stopRequest: StopRequest | null = null;

  /** Starts reading both pipes at once: tgcf blocks as soon as one of them is full. */
  constructor(
    readonly child: SpawnedChild,
    readonly mode: Mode,
    readonly startedAt: number,
    private readonly context: RunContext,
  ) {
    const { output } = context;
    this.drained = Promise.all([
      drainStream(child.stdout, "stdout", output.createStreamSink("stdout"), this.recentLines),
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

  /** Sends SIGINT to the group and escalates (once); the promise settles through finishStop(). */
  requestStop(by: string): Promise<StopResult> {
    if (this.stopRequest !== null) return this.stopRequest.done.promise;
    const { groups, clock, terminateOptions, output } = this.context;
    output.system(`stopping pid ${this.pid} (by ${by})`);
    const termination = terminateGroup(this.pid, this.child.exited, groups, clock, terminateOptions);
    this.stopRequest = { by, termination, done: Promise.withResolvers<StopResult>() };
    return this.stopRequest.done.promise;
  }

  /**
   * After the child exited: waits until its whole group is gone (the requested stop, or stopping
   * what the child left behind) and its output has been read.
   */
  async settle(exit: ChildExit): Promise<void> {
    const { groups, clock, terminateOptions, output } = this.context;
    let termination = this.stopRequest?.termination ?? null;
    if (termination === null && groups.isGroupAlive(this.pid)) {
      output.system(`tgcf exited but left processes in its group ${this.pid}; stopping them`);
      termination = terminateGroup(this.pid, Promise.resolve(exit), groups, clock, terminateOptions);
    }
    if (termination !== null) {
      try {
        const result = await termination;
        if (!result.groupGone) output.system(`processes of group ${this.pid} survived SIGKILL; giving up on them`);
      } catch (error) {
        output.system(`could not stop process group ${this.pid}: ${(error as Error).message}`);
      }
    }
    await withTimeout(clock, this.drained, OUTPUT_DRAIN_WAIT_MS, undefined);
  }

  /** Resolves the requestStop() promise, if any. */
  finishStop(exit: ChildExit): void {
    this.stopRequest?.done.resolve({ exitCode: exit.code, signal: exit.signal });
  }
}
