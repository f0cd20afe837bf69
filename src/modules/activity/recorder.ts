// Counts one instance's activity as its log lines go by: in memory on the log's hot path, written to the activity
// database in batches (every FLUSH_INTERVAL_MS and at close), so counting never waits on the disk.
import { systemClock, type Clock, type TimerHandle } from "../process/clock";
import type { SupervisorStatus } from "../process/state";
import type { LogLine, LogStream } from "../logs/log-line";
import type { ActivityEvent } from "./activity-line";
import { ActivityLineReader } from "./record-reader";
import { INSTANCE_KEY, MAX_TRACKED_CHATS, OVERFLOW_KEY, type Counter } from "./counters";
import { minutePieces, MINUTE_MS, slotOf } from "./buckets";
import { ActivityStore, ARRIVALS_KEPT, MAX_ACTIVITY_DB_BYTES } from "./store";
import { activityDbPath, openActivityDatabase } from "./store-file";
import { appendCapped, PendingCounts } from "./pending-counts";
import { finishPastChat, newRun, notePastForwarded, startPastChat, type RunInfo } from "./run-info";
import { RunWatch } from "./run-watch";

export type { RunInfo };

/** Counts wait in memory this long at most before they are written. */
export const FLUSH_INTERVAL_MS = 5_000;
/** Old slots are pruned (and the size bound enforced) at most this often. */
export const PRUNE_INTERVAL_MS = 10 * MINUTE_MS;

export interface RecorderOptions {
  /** Where the history is kept: <dataDir>/.tgcf-server/activity.sqlite. */
  dataDir: string;
  /** Told (once per distinct problem) when the history cannot be opened or written; e.g. the log's system lines. */
  report: (line: string) => void;
  clock?: Clock;
  /** Default MAX_ACTIVITY_DB_BYTES. */
  maxDatabaseBytes?: number;
}

/** Interfaces the recorder follows, so tests can drive it without a real log or supervisor. */
export interface LineSource {
  subscribe(subscriber: (line: LogLine) => void): () => void;
}
export interface StatusSource {
  status(): SupervisorStatus;
  onStatus(listener: (status: SupervisorStatus) => void): () => void;
}

export class ActivityRecorder {
  readonly store: ActivityStore;
  private readonly clock: Clock;
  private readonly reader = new ActivityLineReader((event) => this.onEvent(event));
  private readonly pending = new PendingCounts();
  private readonly knownChats: Set<string>;
  private readonly arrivalTimes: Map<string, number[]>;
  private readonly lastMessageAt = new Map<string, number>();
  private readonly lineCounts: Record<LogStream, number> = { stdout: 0, stderr: 0, system: 0 };
  private lastActivity: number | null = null;
  private lastLine: number | null = null;
  private currentRun: RunInfo | null = null;
  /** While tgcf runs: up to when its running time has been counted. */
  private runningCountedTo: number | null = null;
  private runWatch: RunWatch | null = null;
  private flushTimer: TimerHandle | null = null;
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  private lastProblem = "";
  private closed = false;

  constructor(
    store: ActivityStore,
    private readonly options: Omit<RecorderOptions, "dataDir">,
  ) {
    this.store = store;
    this.clock = options.clock ?? systemClock;
    this.knownChats = new Set(store.totals().keys());
    this.arrivalTimes = store.arrivals();
    // After a restart: the latest slot with any message (edits, deletions and past-mode forwards included), or the
    // exact time of the last arrival kept when that is later.
    for (const [chat, at] of store.lastMessageSlots()) this.lastMessageAt.set(chat, at);
    for (const [chat, times] of this.arrivalTimes) this.lastMessageAt.set(chat, Math.max(this.lastMessageAt.get(chat) ?? 0, times.at(-1)!));
    if (this.lastMessageAt.size > 0) this.lastActivity = Math.max(...this.lastMessageAt.values());
    this.scheduleFlush();
  }

  /** A recorder on the instance's activity database; on a memory-only store (and says why) when the file cannot be used. */
  static open(options: RecorderOptions): ActivityRecorder {
    let store: ActivityStore;
    try {
      const database = openActivityDatabase(activityDbPath(options.dataDir), options.report);
      try {
        store = new ActivityStore(database);
      } catch (error) {
        database.close();
        throw error;
      }
    } catch (error) {
      options.report(`activity history is kept in memory only (it is lost at restart): ${messageOf(error)}`);
      store = ActivityStore.inMemory();
    }
    return new ActivityRecorder(store, options);
  }

  /** Follows a log and a supervisor; returns the unsubscribe functions. */
  follow(logs: LineSource, supervisor: StatusSource): Array<() => void> {
    this.runWatch = new RunWatch(supervisor.status());
    if (supervisor.status().isRunning) this.onStarted(supervisor.status().mode, false);
    return [logs.subscribe(this.onLine), supervisor.onStatus((status) => this.onStatus(status))];
  }

  /** For LogHub.subscribe: called synchronously for every line, so it does as little as it can. */
  readonly onLine = (line: LogLine): void => {
    if (this.closed) return;
    this.lineCounts[line.stream]++;
    if (line.stream === "system") return;
    const now = this.clock.now();
    this.lastLine = now;
    if (this.currentRun !== null && this.currentRun.firstLineAt === null && this.runningCountedTo !== null) this.currentRun.firstLineAt = now;
    // Every log record goes to stdout; stderr holds tracebacks and usage errors.
    if (line.stream === "stdout") this.reader.push(line.line);
  };

  onStatus(status: SupervisorStatus): void {
    if (this.closed) return;
    this.runWatch ??= new RunWatch(status);
    for (const change of this.runWatch.next(status)) {
      if (change.kind === "started") this.onStarted(change.mode);
      else this.onExited(change.unexpected);
    }
  }

  /** Writes what is counted in memory now. Never throws: a failed write is reported and its counts dropped. */
  flush(): void {
    if (this.closed) return;
    this.countRunningTime();
    const batch = this.pending.take();
    try {
      if (batch.counts.length > 0 || batch.arrivals.length > 0) this.store.write(batch);
      const now = this.clock.now();
      if (now - this.lastPruneAt >= PRUNE_INTERVAL_MS) {
        this.lastPruneAt = now;
        this.store.prune(now);
        this.store.enforceSizeLimit(this.options.maxDatabaseBytes ?? MAX_ACTIVITY_DB_BYTES);
      }
      this.lastProblem = "";
    } catch (error) {
      this.reportOnce(`activity could not be saved: ${messageOf(error)}`);
    }
  }

  /** Writes what is left and closes the database; later lines and statuses are ignored. */
  close(): void {
    if (this.closed) return;
    if (this.flushTimer !== null) this.clock.clearTimeout(this.flushTimer);
    this.reader.finish();
    this.flush();
    this.closed = true;
    this.store.close();
  }

  /** Lines seen per stream since the server started. */
  lines(): Readonly<Record<LogStream, number>> {
    return this.lineCounts;
  }

  /** The last message received, edited, deleted or forwarded, in ms since the epoch. */
  lastActivityAt(): number | null {
    return this.lastActivity;
  }

  /** The last line tgcf printed (stdout or stderr). */
  lastLineAt(): number | null {
    return this.lastLine;
  }

  /** The current run, or the last one while tgcf is not running (null before the first). */
  run(): Readonly<RunInfo> | null {
    return this.currentRun;
  }

  isRunning(): boolean {
    return this.runningCountedTo !== null;
  }

  /** The last message seen per chat. */
  lastMessages(): ReadonlyMap<string, number> {
    return this.lastMessageAt;
  }

  /** The last ARRIVALS_KEPT arrival times of received messages per chat, oldest first. */
  arrivals(): ReadonlyMap<string, readonly number[]> {
    for (const [chat, times] of this.arrivalTimes) if (times.length > ARRIVALS_KEPT) this.arrivalTimes.set(chat, times.slice(-ARRIVALS_KEPT));
    return this.arrivalTimes;
  }

  now(): number {
    return this.clock.now();
  }

  private onEvent(event: ActivityEvent): void {
    const run = this.currentRun;
    switch (event.kind) {
      case "received":
        this.countMessage(event.chat, "received");
        this.noteArrival(this.keyOf(event.chat));
        return;
      case "edited":
      case "deleted":
        this.countMessage(event.chat, event.kind);
        return;
      case "past-connection":
        if (run !== null) startPastChat(run, this.keyOf(event.chat), this.clock.now());
        return;
      case "forwarded":
        this.countMessage(run?.pastChat ?? INSTANCE_KEY, "forwarded");
        if (run !== null) notePastForwarded(run, event.messageId, this.clock.now());
        return;
      case "flood-wait":
        this.count(this.attributedKey(), "floodWaits", 1);
        this.count(this.attributedKey(), "floodWaitSeconds", event.seconds);
        return;
      case "error":
        this.count(this.attributedKey(), "errors", 1);
        return;
      case "handler-added":
        if (run !== null && event.event === "new") run.listeningSince ??= this.clock.now();
        return;
      case "login-missing":
        if (run !== null) run.loginMissing = true;
        return;
      case "slept":
        return;
    }
  }

  /** In past mode FloodWaits and errors belong to the connection being forwarded; in live mode to no chat. */
  private attributedKey(): string {
    return this.currentRun?.pastChat ?? INSTANCE_KEY;
  }

  private countMessage(chat: string, counter: Counter): void {
    const key = this.keyOf(chat);
    const now = this.count(key, counter, 1);
    this.lastActivity = now;
    this.lastMessageAt.set(key, now);
  }

  private count(key: string, counter: Counter, amount: number): number {
    const now = this.clock.now();
    this.pending.add(slotOf(now, "minute"), key, counter, amount);
    return now;
  }

  /** Keeps the arrival for the median gap, in memory and for the next flush (both trimmed now and then, not per message). */
  private noteArrival(key: string): void {
    const at = this.clock.now();
    appendCapped(this.arrivalTimes, key, at);
    this.pending.arrival(key, at);
  }

  /** The chat's key, or OVERFLOW_KEY once MAX_TRACKED_CHATS chats are known. */
  private keyOf(chat: string): string {
    if (chat === INSTANCE_KEY || this.knownChats.has(chat)) return chat;
    if (this.knownChats.size >= MAX_TRACKED_CHATS) return OVERFLOW_KEY;
    this.knownChats.add(chat);
    return chat;
  }

  /** A start seen as it happened is counted; a run already going when the recorder began following is not. */
  private onStarted(mode: SupervisorStatus["mode"], counted = true): void {
    const now = this.clock.now();
    if (counted) this.count(INSTANCE_KEY, "starts", 1);
    this.currentRun = newRun(mode, now);
    this.runningCountedTo = now;
  }

  private onExited(unexpected: boolean): void {
    this.reader.finish();
    this.countRunningTime();
    this.runningCountedTo = null;
    if (this.currentRun !== null) finishPastChat(this.currentRun, this.clock.now());
    if (unexpected) this.count(INSTANCE_KEY, "unexpectedExits", 1);
  }

  private countRunningTime(): void {
    if (this.runningCountedTo === null) return;
    const now = this.clock.now();
    for (const { minute, ms } of minutePieces(this.runningCountedTo, now)) this.pending.add(minute, INSTANCE_KEY, "runningMs", ms);
    this.runningCountedTo = Math.max(this.runningCountedTo, now);
  }

  private scheduleFlush(): void {
    this.flushTimer = this.clock.setTimeout(() => {
      this.flush();
      if (!this.closed) this.scheduleFlush();
    }, FLUSH_INTERVAL_MS);
    // The flush timer alone must not keep the server's process alive.
    (this.flushTimer as { unref?: () => void } | null)?.unref?.();
  }

  private reportOnce(problem: string): void {
    if (problem === this.lastProblem) return;
    this.lastProblem = problem;
    try {
      this.options.report(problem);
    } catch (error) {
      console.error(problem, error);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
