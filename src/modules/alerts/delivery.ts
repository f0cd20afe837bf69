// Sends alerts in the background: a bounded queue, retries with back-off, and a bounded history of what was sent
// and what failed. Nothing here blocks supervision: enqueue() returns at once.
import { systemClock, type Clock } from "../process/clock";
import type { Alert } from "./alert";
import { sendOnChannel, type SendResult } from "./channels";
import type { AlertChannel, HistoryEntry } from "./model";
import type { AlertHistoryFile } from "./history-file";

/** Delays before the retries of a failed send: 3 retries after 1 s, 5 s and 30 s. */
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000] as const;
/** Sends waiting or retrying at once; beyond this an alert is dropped (and shown as dropped). */
export const MAX_QUEUED = 100;
/** Deliveries kept in the history, newest first. */
export const HISTORY_SIZE = 200;

export type Sender = (channel: AlertChannel, alert: Alert) => Promise<SendResult>;

export interface DeliveryOptions {
  clock?: Clock;
  send?: Sender;
  retryDelaysMs?: readonly number[];
  maxQueued?: number;
  historySize?: number;
  /** A line for the server log when a delivery finally fails (never holds a secret). */
  report?: (line: string) => void;
  /** Where the history is kept across restarts (memory only without). */
  historyFile?: AlertHistoryFile;
}

export class AlertDelivery {
  private readonly history: HistoryEntry[] = [];
  private nextId = 1;
  private inFlight = 0;
  /** Retries waiting, with their entries. */
  private readonly timers = new Map<unknown, HistoryEntry>();
  private closed = false;
  private readonly clock: Clock;
  private readonly send: Sender;
  private readonly retryDelaysMs: readonly number[];
  private readonly maxQueued: number;
  private readonly historySize: number;
  private readonly report: (line: string) => void;
  private readonly historyFile: AlertHistoryFile | null;

  constructor(options: DeliveryOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.send = options.send ?? sendOnChannel;
    this.retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
    this.maxQueued = options.maxQueued ?? MAX_QUEUED;
    this.historySize = options.historySize ?? HISTORY_SIZE;
    this.report = options.report ?? (() => {});
    this.historyFile = options.historyFile ?? null;
    const kept = this.historyFile?.load() ?? [];
    this.history.push(...kept.slice(0, this.historySize));
    this.nextId = Math.max(0, ...kept.map((entry) => entry.id)) + 1;
  }

  /** Queues an alert for a channel and returns its history entry (status pending, or dropped when the queue is full). */
  enqueue(channel: AlertChannel, alert: Alert): HistoryEntry {
    const entry = this.record(channel, alert);
    if (this.closed || this.inFlight >= this.maxQueued) {
      entry.status = "dropped";
      this.changed();
      this.report(`alert "${alert.title}" to channel ${channel.id} dropped: ${this.closed ? "the server is stopping" : `${this.maxQueued} alerts are waiting already`}`);
      return entry;
    }
    this.inFlight++;
    void this.attempt(channel, alert, entry, 0);
    return entry;
  }

  /** One attempt only, awaited (the test button). */
  async sendNow(channel: AlertChannel, alert: Alert): Promise<HistoryEntry> {
    const entry = this.record(channel, alert);
    await this.tryOnce(channel, alert, entry);
    entry.status = entry.attempts.at(-1)!.ok ? "sent" : "failed";
    this.changed();
    return entry;
  }

  /** Newest first. */
  entries(): HistoryEntry[] {
    return this.history.map((entry) => ({ ...entry, attempts: [...entry.attempts] }));
  }

  get queued(): number {
    return this.inFlight;
  }

  /** Stops retrying; what is waiting is marked failed. */
  close(): void {
    this.closed = true;
    for (const [timer, entry] of this.timers) {
      this.clock.clearTimeout(timer);
      entry.status = "failed";
      this.inFlight--;
      this.changed();
    }
    this.timers.clear();
    this.historyFile?.flush(this.history);
  }

  private changed(): void {
    this.historyFile?.changed(() => this.history);
  }

  private record(channel: AlertChannel, alert: Alert): HistoryEntry {
    const entry: HistoryEntry = { id: this.nextId++, at: alert.at, event: alert.event, instance: alert.instance?.id ?? null, channel: channel.id, title: alert.title, status: "pending", attempts: [] };
    this.history.unshift(entry);
    this.history.length = Math.min(this.history.length, this.historySize);
    this.changed();
    return entry;
  }

  private async tryOnce(channel: AlertChannel, alert: Alert, entry: HistoryEntry): Promise<boolean> {
    let result: SendResult;
    try {
      result = await this.send(channel, alert);
    } catch (error) {
      result = { ok: false, httpStatus: null, error: (error as Error).message };
    }
    entry.attempts.push({ at: new Date(this.clock.now()).toISOString(), ok: result.ok, httpStatus: result.httpStatus, error: result.error });
    this.changed();
    return result.ok;
  }

  private async attempt(channel: AlertChannel, alert: Alert, entry: HistoryEntry, retry: number): Promise<void> {
    const ok = await this.tryOnce(channel, alert, entry);
    const delay = this.retryDelaysMs[retry];
    if (ok || delay === undefined || this.closed) {
      entry.status = ok ? "sent" : "failed";
      this.changed();
      this.inFlight--;
      if (!ok) this.report(`alert "${alert.title}" to channel ${channel.id} failed after ${entry.attempts.length} attempts: ${entry.attempts.at(-1)!.error}`);
      return;
    }
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(channel, alert, entry, retry + 1);
    }, delay);
    this.timers.set(timer, entry);
  }
}
