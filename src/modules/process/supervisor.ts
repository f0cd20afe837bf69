// One tgcf instance: start, stop, restart, automatic restarts, and recovery after a server crash.
import { ApiError } from "../../utils/api-error";
import { CrashTracker, RestartTimer } from "./backoff";
import type { Clock } from "./clock";
import { tgcfArgv } from "./command";
import { StateFiles, type DesiredState } from "./desired-state";
import { decideAfterExit } from "./exit-policy";
import { FAMILY_TAG_VARIABLE, familyTagOf } from "./family";
import { stopOrphan } from "./orphan";
import type { OutputSink } from "./output";
import { childEnvironment, type SpawnedChild } from "./spawner";
import { Run, type RunContext, type StopResult } from "./run";
import { STARTABLE_STATES, type ChildExit, type LastExit, type Mode, type ProcessState, type SupervisorStatus } from "./state";
import { withDefaults, type ResolvedSupervisorOptions, type SupervisorOptions } from "./supervisor-options";
import { notifyAll } from "../../utils/notify-all";

export type { StopResult } from "./run";
export { DEFAULT_TGCF_COMMAND, type SupervisorOptions } from "./supervisor-options";

const AUTORESTART_BY = "autorestart";
const BOOT_BY = "server start";
const SHUTDOWN_BY = "server shutdown";

/** Supervises one tgcf process, supervisord-style (the states are described in model.ts). */
export class Supervisor {
  private state: ProcessState = "stopped";
  private mode: Mode | null = null;
  private run: Run | null = null;
  private pendingStart: Promise<void> | null = null;
  private recoveringOrphan = false;
  /** Counts stop() calls, so a restart can tell that somebody asked for a stop meanwhile. */
  private stopRequests = 0;
  private restarts = 0;
  private lastExit: LastExit | null = null;
  private shuttingDown = false;
  private readonly crashes: CrashTracker;
  /** In backoff: when the automatic start is due (ms since the epoch). */
  private nextStartAt: number | null = null;
  private readonly listeners = new Set<(status: SupervisorStatus) => void>();
  private readonly files: StateFiles;
  private readonly options: ResolvedSupervisorOptions;
  private readonly output: OutputSink;
  private readonly clock: Clock;
  private readonly runContext: RunContext;
  private readonly restartTimer: RestartTimer;

  constructor(options: SupervisorOptions) {
    this.options = withDefaults(options);
    const { dataDir, output, clock, processGroups, stopGraceMs, killAfterMs } = this.options;
    this.files = new StateFiles(dataDir);
    this.output = output;
    this.clock = clock;
    const terminateOptions = { graceMs: stopGraceMs, killAfterMs };
    this.runContext = { output, groups: processGroups, clock, terminateOptions, familyTag: familyTagOf(dataDir) };
    this.restartTimer = new RestartTimer(clock);
    this.crashes = new CrashTracker(this.options.restartPolicy, () => clock.now());
  }

  /** The tgcf command for the next start (it may change: a managed install is used once it exists). */
  private command(): string {
    return typeof this.options.command === "function" ? this.options.command() : this.options.command;
  }

  status(): SupervisorStatus {
    const run = this.run;
    return {
      isRunning: run !== null,
      pid: run?.pid ?? null,
      startTime: run ? new Date(run.startedAt).toISOString() : null,
      mode: this.mode,
      uptimeSeconds: run ? Math.max(0, Math.floor((this.clock.now() - run.startedAt) / 1000)) : 0,
      state: this.state,
      restarts: this.restarts,
      nextStartAt: this.state === "backoff" && this.nextStartAt !== null ? new Date(this.nextStartAt).toISOString() : null,
      lastExit: this.lastExit,
    };
  }

  /** Calls `listener` with the new status on every state change; returns the unsubscribe function. */
  onStatus(listener: (status: SupervisorStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts tgcf in `mode` (from stopped, exited, fatal, or backoff, which it cuts short). `mode` may be a check
   * that reads the config and returns the mode; it runs in state "starting", so concurrent starts get 409 and a
   * stop waits for it. Throws ApiError 409 while starting, running or stopping, 500 when tgcf cannot be found or started.
   */
  async start(mode: Mode | (() => Promise<Mode>), by: string): Promise<{ pid: number }> {
    this.assertCanStart();
    if (typeof mode === "function") return this.startAfterCheck(mode, by);
    const argv = tgcfArgv(this.command(), mode, this.options.env.PATH);
    this.restartTimer.cancel();
    this.crashes.reset();
    this.restarts = 0;
    return this.launch(mode, by, argv);
  }

  private startAfterCheck(check: () => Promise<Mode>, by: string): Promise<{ pid: number }> {
    const previous = this.state;
    // The person takes over from a pending automatic restart; should the check fail, tgcf stays exited.
    const fallback: ProcessState = previous === "backoff" ? "exited" : previous;
    this.restartTimer.cancel();
    this.setState("starting");
    const started = (async () => {
      let mode: Mode;
      let argv: string[];
      try {
        mode = await check();
        argv = tgcfArgv(this.command(), mode, this.options.env.PATH);
      } catch (error) {
        this.setState(fallback);
        throw error;
      }
      this.crashes.reset();
      this.restarts = 0;
      return this.launch(mode, by, argv, fallback);
    })();
    this.pendingStart = started.then(
      () => undefined,
      () => undefined,
    );
    return started;
  }

  /**
   * Stops tgcf and all it started (its group, and its descendants and tagged processes in other
   * groups and sessions): SIGINT, SIGTERM after stopGraceMs, SIGKILL killAfterMs later. Resolves once
   * every one of them is gone. Cancels a pending automatic restart.
   * Throws ApiError 409 when nothing runs.
   */
  async stop(by: string): Promise<StopResult> {
    this.stopRequests++;
    while (this.state === "starting" && this.pendingStart) await this.pendingStart;
    if (this.state === "backoff") {
      this.restartTimer.cancel();
      this.output.system(`automatic restart cancelled (by ${by})`);
      this.setState("stopped");
      await this.saveDesiredState({ state: "stopped" });
      return { exitCode: this.lastExit?.code ?? null, signal: this.lastExit?.signal ?? null };
    }
    const run = this.run;
    if (run === null) throw new ApiError(409, "tgcf is not running");
    const stopped = this.stopRun(run, by);
    await this.saveDesiredState({ state: "stopped" });
    return stopped;
  }

  /** Stops tgcf if it runs, then starts it in `mode`: by default the same mode (live if it never ran). The routes pass the saved mode. */
  async restart(by: string, mode?: Mode): Promise<{ pid: number }> {
    if (this.state === "stopping") throw new ApiError(409, "tgcf is stopping: wait for it to stop");
    if (this.state === "starting") await this.pendingStart;
    mode ??= this.mode ?? "live";
    const stopsBefore = this.stopRequests;
    if (this.run !== null) await this.stopRun(this.run, by); // desired state stays "running"
    // A stop asked for while the restart was stopping tgcf wins: the restart does not start it again.
    if (this.stopRequests !== stopsBefore) throw new ApiError(409, "tgcf was stopped while restarting: it stays stopped");
    return this.start(mode, by);
  }

  /**
   * Run once at server start, before anything else: stops a tgcf left running by a previous server
   * (its pid and command line are in child.json), then starts tgcf if it was meant to be running.
   */
  /** `resume` false: stop what a previous run left, but do not start tgcf again (the instance was only rebuilt). */
  async recover({ resume = true }: { resume?: boolean } = {}): Promise<void> {
    if (this.state !== "stopped" || this.run !== null) throw new Error("recover() must run before anything else");
    // The server may already listen: no start may overlap the stopping of an orphan (two tgcf on one session).
    this.recoveringOrphan = true;
    try {
      await stopOrphan(this.files, this.runContext);
    } finally {
      this.recoveringOrphan = false;
    }
    let desired: DesiredState | null = null;
    try {
      desired = await this.files.readDesiredState();
    } catch (error) {
      this.output.system(`ignoring the saved desired state: ${messageOf(error)}`);
    }
    if (desired?.state !== "running" || !resume) return;
    this.mode = desired.mode;
    if (!this.options.autoStartOnBoot) {
      this.output.system(`tgcf was running in ${desired.mode} mode before; not starting it: start on boot is off`);
      return;
    }
    try {
      const check = this.options.automaticStartCheck;
      const lastMode = desired.mode;
      await this.start(check ? () => check(lastMode) : lastMode, BOOT_BY);
    } catch (error) {
      this.output.system(`could not start tgcf on server start: ${messageOf(error)}`);
    }
  }

  /** For server shutdown: cancels restarts and stops tgcf gracefully, keeping the desired state for the next boot. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    if (this.state === "backoff") {
      this.restartTimer.cancel();
      this.setState("stopped");
    }
    if (this.pendingStart) await this.pendingStart;
    if (this.run !== null) await this.stopRun(this.run, SHUTDOWN_BY);
  }

  /**
   * For a last-moment process.on("exit") hook when shutdown() could not run: SIGKILLs tgcf and all
   * it started at once, without waiting. child.json stays, so the next recover() double-checks.
   */
  killNowSync(): void {
    this.run?.killNow();
  }

  /** Throws the ApiError start() would throw for the current state (409, or 503 during shutdown). */
  assertCanStart(): void {
    if (this.shuttingDown) throw new ApiError(503, "the server is shutting down");
    if (this.recoveringOrphan) {
      throw new ApiError(503, "the server is stopping a tgcf left running by its previous run: try again in a few seconds", undefined, {
        "retry-after": "5",
      });
    }
    if (STARTABLE_STATES.has(this.state)) return;
    if (this.state === "starting") throw new ApiError(409, "tgcf is starting");
    if (this.state === "stopping") throw new ApiError(409, "tgcf is stopping: wait for it to stop");
    throw new ApiError(409, `tgcf is already running (pid ${this.run?.pid})`);
  }

  private async launch(mode: Mode, by: string, argv: string[], previous: ProcessState = this.state): Promise<{ pid: number }> {
    this.mode = mode;
    this.setState("starting");
    const spawned = this.spawnRun(mode, by, argv, previous);
    const pending = spawned.then(
      () => undefined,
      () => undefined,
    );
    this.pendingStart = pending;
    try {
      return await spawned;
    } finally {
      if (this.pendingStart === pending) this.pendingStart = null;
    }
  }

  private async spawnRun(mode: Mode, by: string, argv: string[], previous: ProcessState): Promise<{ pid: number }> {
    let child: SpawnedChild;
    try {
      await this.files.writeDesiredState({ state: "running", mode });
      await this.options.beforeSpawn?.();
      const env = { ...childEnvironment(this.options.env), [FAMILY_TAG_VARIABLE]: this.runContext.familyTag };
      child = this.options.spawner.spawn({ argv, cwd: this.options.dataDir, env });
    } catch (error) {
      this.output.system(`could not start tgcf: ${messageOf(error)}`);
      if (previous === "backoff" && this.lastExit !== null) {
        this.lastExit = { ...this.lastExit, reason: `${this.lastExit.reason}; restarting failed: ${messageOf(error)}` };
      }
      // A failed restart out of backoff leaves nothing to retry with: give up.
      this.setState(previous === "backoff" ? "fatal" : previous);
      throw error instanceof ApiError ? error : new ApiError(500, `could not start tgcf: ${messageOf(error)}`);
    }
    const run = new Run(child, mode, this.clock.now(), this.runContext);
    this.output.system(`started pid ${child.pid} in ${mode} mode (by ${by})`);
    this.run = run;
    this.setState("running");
    child.exited
      .then((exit) => this.onExit(run, exit))
      .catch((error: unknown) => {
        console.error("handling the exit of tgcf failed:", error);
        try {
          this.output.system(`handling the exit of pid ${child.pid} failed: ${messageOf(error)}`);
        } catch {
          // The log is already closed (server shutdown): the console line above is all that is left.
        }
      });
    const record = { pid: child.pid, commandLine: argv, startTime: new Date(run.startedAt).toISOString(), mode };
    await this.files.writeChildRecord(record).catch((error: unknown) => {
      this.output.system(`could not save child.json (${messageOf(error)}): if the server crashes, this tgcf will not be found`);
    });
    return { pid: child.pid };
  }

  private stopRun(run: Run, by: string): Promise<StopResult> {
    const stopped = run.requestStop(by);
    this.setState("stopping");
    return stopped;
  }

  private async onExit(run: Run, exit: ChildExit): Promise<void> {
    await run.settle(exit);
    await this.files.removeChildRecord().catch((error: unknown) => this.output.system(`could not remove child.json: ${messageOf(error)}`));
    const now = this.clock.now();
    const decision = decideAfterExit(
      {
        pid: run.pid,
        mode: run.mode,
        exit,
        ranForMs: now - run.startedAt,
        stoppedBy: run.stoppedBy,
        autoRestart: this.options.autoRestart,
        shuttingDown: this.shuttingDown,
        recentLines: run.recentLines.snapshot(),
      },
      this.crashes,
    );
    if (decision.next === "exited" && decision.finished) await this.saveDesiredState({ state: "stopped" });
    // From here on synchronous: nobody sees the run gone while the state still says running.
    this.run = null;
    this.lastExit = {
      code: exit.code,
      signal: exit.signal,
      at: new Date(now).toISOString(),
      reason: decision.reason,
      cause: decision.cause,
      lastLines: decision.lastLines,
    };
    this.output.system(decision.systemLine);
    if (decision.next === "backoff") {
      this.nextStartAt = now + decision.restartInMs;
      this.restartTimer.schedule(decision.restartInMs, () => void this.restartAutomatically(run.mode));
    }
    this.setState(decision.next);
    run.finishStop(exit);
  }

  /** The start a backoff ends in: the saved config's mode, checked as a person's start would be (else the last mode). */
  private async restartAutomatically(lastMode: Mode): Promise<void> {
    let mode = lastMode;
    let argv: string[];
    try {
      const check = this.options.automaticStartCheck;
      if (check) mode = await check(lastMode);
      argv = tgcfArgv(this.command(), mode, this.options.env.PATH);
    } catch (error) {
      if (this.state !== "backoff") return; // a person took over meanwhile
      const reason = `could not restart tgcf: ${messageOf(error)}`;
      this.output.system(reason);
      if (this.lastExit !== null) this.lastExit = { ...this.lastExit, reason: `${this.lastExit.reason}; ${reason}` };
      this.setState("fatal");
      return;
    }
    if (this.state !== "backoff") return;
    this.restarts++;
    this.launch(mode, AUTORESTART_BY, argv).catch(() => undefined); // launch has reported it and set fatal
  }

  private async saveDesiredState(desired: DesiredState): Promise<void> {
    await this.files.writeDesiredState(desired).catch((error: unknown) => {
      this.output.system(`could not save the desired state (${messageOf(error)}): after a reboot tgcf may not be as you left it`);
    });
  }

  private setState(state: ProcessState): void {
    if (state === this.state) return;
    this.state = state;
    notifyAll(this.listeners, this.status(), "a status listener");
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
