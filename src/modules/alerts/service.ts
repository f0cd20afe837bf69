// Alerts for every instance: watches each one's status and stalls, applies the cooldown, and hands alerts to the
// delivery queue for the channels that want them. Knows nothing of HTTP.
import { systemClock, type Clock, type TimerHandle } from "../process/clock";
import type { SupervisorStatus } from "../process/state";
import { stripAnsi } from "../logs/ansi";
import { ApiError } from "../../utils/api-error";
import { ALERT_LOG_LINES, uiLink, type Alert } from "./alert";
import { AlertHistoryFile } from "./history-file";
import { AlertDelivery } from "./delivery";
import type { AlertSettings, HistoryEntry } from "./model";
import type { InstanceRegistry } from "../instances/registry";
import type { Logger } from "../../utils/logger";
import { AlertSettingsStore } from "./settings-store";
import { alertSourcesOf } from "./sources";
import { DEFAULT_FLOOD_WAIT_SECONDS, DEFAULT_RECOVERED_AFTER_SECONDS, DEFAULT_RESTART_STORM, InstanceWatch, type ConnectionStallState, type DetectedEvent } from "./watch";

/** How often connections' stall states are read (only while a channel wants connection-stalled). */
export const STALL_POLL_MS = 60_000;

/** What alerts need of an instance. */
export interface AlertSource {
  id: string;
  /** What the source watches: an instance deleted and made again under the same id is another one, watched anew. */
  owner?: unknown;
  name(): string;
  status(): SupervisorStatus;
  onStatus(listener: (status: SupervisorStatus) => void): () => void;
  /** tgcf's last log lines, oldest first. */
  lastLines(count: number): string[];
  /** Each connection's stall state now. */
  stalls(): Promise<ConnectionStallState[]>;
}

export interface AlertServiceOptions {
  store: AlertSettingsStore;
  sources: () => readonly AlertSource[];
  /** Calls its listener whenever an instance is made, rebuilt or deleted (the registry's onInstancesChanged); returns the way to stop. */
  onSourcesChanged: (listener: () => void) => () => void;
  clock?: Clock;
  delivery?: AlertDelivery;
  /** A line for the server log (never holds a secret). */
  report?: (line: string) => void;
  stallPollMs?: number;
}

interface Watched {
  source: AlertSource;
  watch: InstanceWatch;
  unsubscribe: () => void;
}

export class AlertService {
  readonly delivery: AlertDelivery;
  private readonly watched = new Map<string, Watched>();
  /** When an alert of a kind was last sent for an instance (and connection). */
  private readonly lastSent = new Map<string, number>();
  private readonly clock: Clock;
  private readonly report: (line: string) => void;
  private timers: TimerHandle[] = [];
  private stopFollowingSources: () => void = () => {};
  private closed = false;

  constructor(private readonly options: AlertServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.report = options.report ?? (() => {});
    this.delivery = options.delivery ?? new AlertDelivery({ clock: this.clock, report: this.report });
  }

  /** The service of a server: settings in <data>/.tgcf-server/alerts.json, every instance of the registry watched from now on. */
  static forRegistry(registry: InstanceRegistry, logger: Logger): AlertService {
    const report = (line: string) => logger.warn(line);
    const historyFile = AlertHistoryFile.inDataDir(registry.dataDir, systemClock, report);
    const delivery = new AlertDelivery({ report, historyFile });
    const service = new AlertService({
      store: AlertSettingsStore.inDataDir(registry.dataDir, report),
      sources: alertSourcesOf(registry),
      onSourcesChanged: (listener) => registry.onInstancesChanged(listener),
      report,
      delivery,
    });
    service.start();
    return service;
  }

  /** Begins watching every instance, now and as they come and go. */
  start(): void {
    this.scan();
    // A new or rebuilt instance is watched as it is made, before it can start tgcf: its first exit must alert.
    this.stopFollowingSources = this.options.onSourcesChanged(() => this.scan());
    this.every(this.options.stallPollMs ?? STALL_POLL_MS, () => void this.pollStalls());
  }

  settings(): AlertSettings {
    return this.options.store.redacted();
  }

  saveSettings(settings: AlertSettings, options: { ifMatch?: string } = {}): Promise<AlertSettings> {
    return this.options.store.replace(settings, options);
  }

  /** The ETag of the saved settings (If-Match of PUT /api/alerts). */
  settingsEtag(): string {
    return this.options.store.etag();
  }

  history(): HistoryEntry[] {
    return this.delivery.entries();
  }

  /** Sends a test alert on a saved channel, one attempt, and returns how it went. ApiError 404 for an unknown channel. */
  async test(channelId: string): Promise<HistoryEntry> {
    const settings = this.options.store.get();
    const channel = settings.channels.find((candidate) => candidate.id === channelId);
    if (!channel) throw new ApiError(404, `no alert channel "${channelId}": PUT /api/alerts saves channels, GET /api/alerts lists them`);
    const alert: Alert = {
      event: "test",
      instance: null,
      connection: null,
      title: "a test alert: this channel works",
      cause: null,
      hint: null,
      at: new Date(this.clock.now()).toISOString(),
      lastLines: [],
      url: uiLink(settings.publicUrl, null),
    };
    return this.delivery.sendNow(channel, alert);
  }

  close(): void {
    this.closed = true;
    this.stopFollowingSources();
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers = [];
    for (const id of [...this.watched.keys()]) this.unwatch(id);
    this.delivery.close();
  }

  /** Watches new instances (also one made again under a deleted one's id) and forgets deleted ones. */
  scan(): void {
    if (this.closed) return;
    const sources = this.options.sources();
    const ids = new Set(sources.map((source) => source.id));
    for (const id of this.watched.keys()) if (!ids.has(id)) this.unwatch(id);
    for (const source of sources) {
      const watched = this.watched.get(source.id);
      if (watched && watched.source.owner !== source.owner) this.unwatch(source.id);
      if (!this.watched.has(source.id)) this.watchSource(source);
    }
  }

  private watchSource(source: AlertSource): void {
    const watch = new InstanceWatch(source.status(), this.clock, () => this.thresholds(), (event) => this.dispatch(source, event), () => source.status());
    const unsubscribe = source.onStatus((status) => watch.onStatus(status));
    this.watched.set(source.id, { source, watch, unsubscribe });
  }

  private unwatch(id: string): void {
    const watched = this.watched.get(id);
    if (!watched) return;
    watched.unsubscribe();
    watched.watch.close();
    this.watched.delete(id);
  }

  private thresholds() {
    const settings = this.options.store.get();
    return {
      floodWaitSeconds: settings.floodWaitSeconds ?? DEFAULT_FLOOD_WAIT_SECONDS,
      restartStorm: settings.restartStorm ?? DEFAULT_RESTART_STORM,
      recoveredAfterSeconds: settings.recoveredAfterSeconds ?? DEFAULT_RECOVERED_AFTER_SECONDS,
    };
  }

  /** Reads stall states only when some channel wants them (reading builds an activity report). */
  async pollStalls(): Promise<void> {
    const wanted = this.options.store.get().channels.some((channel) => !channel.events || channel.events.includes("connection-stalled"));
    if (!wanted) return;
    for (const { source, watch } of this.watched.values()) {
      try {
        watch.onStalls(await source.stalls());
      } catch (error) {
        this.report(`alerts: reading the stalls of instance ${source.id} failed: ${(error as Error).message}`);
      }
    }
  }

  /** Applies the cooldown, builds the alert and queues it for every channel that wants this event. */
  private dispatch(source: AlertSource, event: DetectedEvent): void {
    if (this.closed) return;
    const settings = this.options.store.get();
    const channels = settings.channels.filter((channel) => !channel.events || channel.events.includes(event.kind));
    if (channels.length === 0) return;
    const now = this.clock.now();
    const key = `${source.id}\u0000${event.kind}\u0000${event.connection ?? ""}`;
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < settings.cooldownSeconds * 1000) return;
    this.lastSent.set(key, now);
    const alert: Alert = {
      event: event.kind,
      instance: { id: source.id, name: source.name() },
      connection: event.connection,
      title: event.title,
      cause: event.cause,
      hint: event.hint,
      at: new Date(now).toISOString(),
      lastLines: (event.lastLines ?? source.lastLines(ALERT_LOG_LINES)).slice(-ALERT_LOG_LINES).map((line) => stripAnsi(line).trimEnd()),
      url: uiLink(settings.publicUrl, source.id),
    };
    for (const channel of channels) this.delivery.enqueue(channel, alert);
  }

  private every(ms: number, task: () => void): void {
    const tick = () => {
      if (this.closed) return;
      task();
      this.timers[index] = this.clock.setTimeout(tick, ms);
    };
    const index = this.timers.length;
    this.timers.push(this.clock.setTimeout(tick, ms));
  }
}
