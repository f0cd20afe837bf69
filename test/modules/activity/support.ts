// Test doubles for the activity module: a log and a supervisor driven by the test, statuses, tgcf's record lines.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogLine, LogStream } from "../../../src/modules/logs/log-line";
import type { SupervisorStatus } from "../../../src/modules/process/state";
import { ActivityRecorder } from "../../../src/modules/activity/recorder";
import type { Clock, TimerHandle } from "../../../src/modules/process/clock";
import { FakeClock } from "../process/fakes";
import { RichRecords, type Record } from "../../fixtures/activity/rich-record";

export { FakeClock };

/** Time the test sets; its timers never fire (for jumps of days, where FakeClock would fire every flush on the way). */
export class ManualClock implements Clock {
  constructor(private nowMs = Date.parse("2026-01-01T00:00:00.000Z")) {}

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }

  setTimeout(): TimerHandle {
    return null;
  }

  clearTimeout(): void {}
}

export function statusOf(partial: Partial<SupervisorStatus> = {}): SupervisorStatus {
  return { isRunning: false, pid: null, startTime: null, mode: null, uptimeSeconds: 0, state: "stopped", restarts: 0, nextStartAt: null, lastExit: null, ...partial };
}

export function lastExit(at: number, code: number | null, reason = "exited"): SupervisorStatus["lastExit"] {
  return { code, signal: null, at: new Date(at).toISOString(), reason, cause: null, lastLines: [] };
}

/** A log and a supervisor whose lines and statuses the test sends. */
export class FakeInstance {
  private lineSubscribers: Array<(line: LogLine) => void> = [];
  private statusListeners: Array<(status: SupervisorStatus) => void> = [];
  private seq = 0;
  private pid = 1000;
  current = statusOf();
  private readonly records: RichRecords;

  constructor(
    readonly clock: Clock,
    layout: { width: number; color: boolean } = { width: 200, color: true },
  ) {
    this.records = new RichRecords(layout);
  }

  subscribe(subscriber: (line: LogLine) => void): () => void {
    this.lineSubscribers.push(subscriber);
    return () => (this.lineSubscribers = this.lineSubscribers.filter((other) => other !== subscriber));
  }

  status(): SupervisorStatus {
    return this.current;
  }

  onStatus(listener: (status: SupervisorStatus) => void): () => void {
    this.statusListeners.push(listener);
    return () => (this.statusListeners = this.statusListeners.filter((other) => other !== listener));
  }

  setStatus(status: SupervisorStatus): void {
    this.current = status;
    for (const listener of this.statusListeners) listener(status);
  }

  start(mode: "live" | "past" = "live"): void {
    this.setStatus(statusOf({ isRunning: true, pid: ++this.pid, startTime: new Date(this.clock.now()).toISOString(), mode, state: "running" }));
  }

  /** An exit into `state` (backoff, fatal, exited, stopped), with `code`. */
  exit(state: SupervisorStatus["state"], code: number | null = 1): void {
    this.setStatus(statusOf({ mode: this.current.mode, state, lastExit: lastExit(this.clock.now(), code) }));
  }

  line(stream: LogStream, text: string): void {
    const logLine = { seq: ++this.seq, ts: new Date(this.clock.now()).toISOString(), stream, line: text };
    for (const subscriber of this.lineSubscribers) subscriber(logLine);
  }

  /** A record as tgcf prints it, each of its lines appended to stdout. */
  print(record: Record): void {
    for (const text of this.records.render(record, new Date(this.clock.now())).split("\n").slice(0, -1)) this.line("stdout", text);
  }
}

export class TempDirs {
  private readonly dirs: string[] = [];

  make(): string {
    const dir = mkdtempSync(join(tmpdir(), "tgcf-activity-"));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** A recorder on `dataDir` following `instance`, with its reports collected. */
export function recorderFor(dataDir: string, instance: FakeInstance, reports: string[] = []): ActivityRecorder {
  const recorder = ActivityRecorder.open({ dataDir, clock: instance.clock, report: (line) => reports.push(line) });
  recorder.follow(instance, instance);
  return recorder;
}
