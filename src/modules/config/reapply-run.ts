// What the store knows of the running tgcf: what it started with, the changes saved since (which it does not
// know and will write over), and when they may next be written back.
import type { TgcfConfig } from "./model";
import { connectionsByKey, diffConfigs, OFFSET_FIELD, sameJson } from "./reapply-diff";
import { SavedChanges, startedWith, type StartedWith } from "./reapply-saves";
import { getOwn, isPlainObject, setOwn } from "./safe-object";

/** tgcf writes after every past-mode message; the saved changes are written back over it at most this often. */
export const REAPPLY_MIN_INTERVAL_MS = 1_000;

export class TgcfRunSaves {
  private running = false;
  private runsBegun = 0;
  /** prepareForStart made the file hold every save since the last run began. */
  private prepared = false;
  /** The current run started from a file known to hold every save (prepareForStart ran just before). */
  private startedPrepared = false;
  private started: StartedWith = startedWith(undefined);
  private readonly saved = new SavedChanges();

  /** Between begin() and end(): saves are recorded. */
  get isActive(): boolean {
    return this.running;
  }

  get hasSaves(): boolean {
    return !this.saved.isEmpty;
  }

  /** A run starts (what it read follows with startedFrom); returns its number, for end(). */
  begin(): number {
    this.running = true;
    this.startedPrepared = this.prepared;
    this.prepared = false;
    return ++this.runsBegun;
  }

  /** The number of the run begun last. */
  get currentRun(): number {
    return this.runsBegun;
  }

  /** The file holds every save now, and the next run will read it (prepareForStart, right before a start). */
  markPrepared(): void {
    this.prepared = true;
  }

  /**
   * The file as it was when the run began: tgcf's progress is measured from it. Saves it holds are forgotten only if
   * prepareForStart ran right before the start: otherwise tgcf may have read the file before they were written back,
   * and they stay, to be written back over its writes too.
   */
  startedFrom(config: TgcfConfig | undefined): void {
    this.started = startedWith(config);
    if (config !== undefined && this.startedPrepared && sameJson(this.saved.applyTo(config, this.started), config)) this.saved.clear();
  }

  /**
   * Run `run` is over. When its final file holds every save (written back if it had to be), nothing waits for a
   * restart any more; otherwise the saves stay, to be written back before the next start. Nothing changes when a
   * newer run has begun meanwhile (a restart): its saves stay recorded.
   */
  end(run: number, fileHoldsSaves: boolean): void {
    if (run !== this.runsBegun) return;
    this.running = false;
    if (fileHoldsSaves) this.saved.clear();
  }

  /** The pointers saved since the run started, which the running tgcf does not know. */
  pendingPointers(): string[] {
    return this.running ? this.saved.pointers() : [];
  }

  /** The pointers saved and not yet known to be in the file a tgcf reads (after the run too). */
  savedPointers(): string[] {
    return this.saved.pointers();
  }

  /** tgcf's version with the saved changes written over it (the rules are in reapply-saves.ts). */
  withSaves(config: TgcfConfig): TgcfConfig {
    return this.saved.isEmpty ? config : this.saved.applyTo(config, this.started);
  }

  /**
   * `next` with tgcf's progress kept: a save while tgcf runs does not rewind an offset tgcf has moved since it
   * started (a form opened earlier sends the offset it read), as tgcf's next write would not either.
   */
  keepProgress(base: TgcfConfig, next: TgcfConfig): TgcfConfig {
    const moved = connectionsByKey(base);
    let kept = next;
    for (const [key, { index, connection }] of connectionsByKey(next)) {
      const current = moved.get(key)?.connection;
      if (!isPlainObject(current) || !isPlainObject(connection) || !this.started.offsets.has(key)) continue;
      const offset = getOwn(current, OFFSET_FIELD);
      if (sameJson(offset, this.started.offsets.get(key)) || sameJson(offset, getOwn(connection, OFFSET_FIELD))) continue;
      if (kept === next) kept = structuredClone(next);
      const target = kept.forwards[index];
      if (isPlainObject(target)) setOwn(target, OFFSET_FIELD, offset);
    }
    return kept;
  }

  /** Remembers what a save changed (`base`: what it started from; `next`: what it wrote). */
  record(base: TgcfConfig, next: TgcfConfig): void {
    this.saved.record(diffConfigs(base, next));
  }
}

/**
 * Runs a task no more often than every `intervalMs` after the end of its last run: at once if that is long enough
 * ago, else when it will be. A request while the task runs asks for one more run after it.
 */
export class ThrottledTask {
  private lastDoneAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;
  private closed = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs = REAPPLY_MIN_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  request(): void {
    if (this.running) this.again = true;
    if (this.closed || this.running || this.timer !== null) return;
    const wait = Math.max(0, this.lastDoneAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = true;
      void this.task().finally(() => {
        this.running = false;
        this.lastDoneAt = this.now();
        const again = this.again;
        this.again = false;
        if (again) this.request();
      });
    }, wait);
  }

  /** Records a run made outside the schedule (it counts for the interval). */
  ran(): void {
    this.lastDoneAt = this.now();
  }

  /** Drops a pending run (one under way finishes, without asking for another). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
  }

  /** cancel(), and no run is asked for any more. */
  close(): void {
    this.closed = true;
    this.cancel();
  }
}
