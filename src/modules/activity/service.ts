// The activity of one instance as the API and /metrics report it: counters per window and connection, stall states,
// past-mode progress and the series. Knows nothing of HTTP; several instances are several services.
import type { SupervisorStatus } from "../process/state";
import { COUNTER_INDEX, countsOf, emptyVector, INSTANCE_KEY, messageCountsOf, addVector, type CountVector } from "./counters";
import { DAY_MS, HOUR_MS, MINUTE_MS, slotOf } from "./buckets";
import { connectionMap, type Connection, type ConnectionMap, type ForwardLike } from "./connections";
import { connectionStall, isSilentStart, SILENT_START_LIMIT_MS } from "./stall";
import { estimatePast } from "./past-progress";
import { buildSeries, seriesRange } from "./series";
import type { ActivityRecorder } from "./recorder";
import type { ActivityQuery, ActivityReport, InstanceCountsOut } from "./model";

/** The windows every counter is reported over. */
export const WINDOWS = {
  lastHour: { resolution: "minute", ms: HOUR_MS },
  lastDay: { resolution: "minute", ms: DAY_MS },
  last30Days: { resolution: "hour", ms: 30 * DAY_MS },
} as const;
type WindowName = keyof typeof WINDOWS | "allTime";

/** What the service needs of its instance. */
export interface ActivitySource {
  id: string;
  status(): SupervisorStatus;
  /** The connections of the instance's config as saved now ([] when it cannot be read). */
  forwards(): Promise<readonly ForwardLike[]>;
}

/** Counts per chat, then grouped: the instance's total, per connection, and "other". */
export interface GroupedCounts {
  total: CountVector;
  connections: CountVector[];
  other: CountVector;
}

export class ActivityService {
  constructor(
    readonly recorder: ActivityRecorder,
    private readonly source: ActivitySource,
  ) {}

  get id(): string {
    return this.source.id;
  }

  status(): SupervisorStatus {
    return this.source.status();
  }

  /** The connections and the chat → connection rule, from the config as saved now. */
  async connections(): Promise<ConnectionMap> {
    return connectionMap(await this.source.forwards());
  }

  /** All-time counts grouped by connection (flushed first, so they include the last few seconds). */
  allTime(map: ConnectionMap): GroupedCounts {
    this.recorder.flush();
    return group(this.recorder.store.totals(), map);
  }

  /** The whole report of GET /api/activity. ApiError 400 for a bad range. */
  async report(query: ActivityQuery = {}): Promise<ActivityReport> {
    const now = this.recorder.now();
    const range = seriesRange(query, now);
    const map = await this.connections();
    this.recorder.flush();
    const store = this.recorder.store;
    const windows: Record<WindowName, GroupedCounts> = {
      lastHour: group(store.sumsSince("minute", slotOf(now - WINDOWS.lastHour.ms, "minute") + 1), map),
      lastDay: group(store.sumsSince("minute", slotOf(now - WINDOWS.lastDay.ms, "minute") + 1), map),
      last30Days: group(store.sumsSince("hour", slotOf(now - WINDOWS.last30Days.ms, "hour") + 1), map),
      allTime: group(store.totals(), map),
    };
    const windowsOf = <T>(pick: (counts: GroupedCounts) => CountVector, as: (vector: CountVector) => T) =>
      ({ lastHour: as(pick(windows.lastHour)), lastDay: as(pick(windows.lastDay)), last30Days: as(pick(windows.last30Days)), allTime: as(pick(windows.allTime)) });
    const status = this.source.status();
    const run = this.recorder.run();
    const running = this.recorder.isRunning();
    const silentStart = isSilentStart(run, running, now);
    const lastMessages = this.recorder.lastMessages();
    return {
      instance: {
        id: this.source.id,
        state: status.state,
        mode: status.mode,
        running,
        startedAt: iso(run?.startedAt ?? null),
        listeningSince: iso(run?.listeningSince ?? null),
        loginMissing: run?.loginMissing ?? false,
        lastLineAt: iso(this.recorder.lastLineAt()),
        lastActivityAt: iso(this.recorder.lastActivityAt()),
        stalled: silentStart,
        stallReason: silentStart ? `tgcf has run for more than ${SILENT_START_LIMIT_MS / MINUTE_MS} minutes without printing a line` : null,
        counters: windowsOf((counts) => counts.total, instanceCounts),
      },
      connections: map.connections.map((connection) => {
        const owned = connection.chatId !== null && map.indexOf(connection.chatId) === connection.index;
        return {
          index: connection.index,
          name: connection.name,
          enabled: connection.enabled,
          source: connection.source,
          chatId: connection.chatId,
          counters: windowsOf((counts) => counts.connections[connection.index]!, messageCountsOf),
          lastMessageAt: iso(owned ? (lastMessages.get(connection.chatId!) ?? null) : null),
          stall: this.stallOf(connection, owned, now),
          past: owned ? this.pastOf(connection, now) : null,
        };
      }),
      other: {
        counters: windowsOf((counts) => counts.other, messageCountsOf),
        lastMessageAt: iso(latest([...lastMessages].filter(([chat]) => chat !== INSTANCE_KEY && map.indexOf(chat) === undefined).map(([, at]) => at))),
      },
      series: buildSeries(store, range, map),
    };
  }

  private stallOf(connection: Connection, owned: boolean, now: number): ActivityReport["connections"][number]["stall"] {
    const run = this.recorder.run();
    const listeningSince = this.recorder.isRunning() && run?.mode === "live" ? run.startedAt : null;
    const chat = owned ? connection.chatId! : null;
    const history = chat === null ? undefined : this.recorder.store.receivedHistory().get(chat);
    const stall = connectionStall(
      { received: history?.received ?? 0, firstAt: history?.firstMs ?? null, arrivals: chat === null ? [] : (this.recorder.arrivals().get(chat) ?? []) },
      listeningSince,
      now,
    );
    return { state: stall.state, medianGapSeconds: seconds(stall.medianGapMs), silentForSeconds: seconds(stall.silentForMs), thresholdSeconds: seconds(stall.thresholdMs) };
  }

  private pastOf(connection: Connection, now: number): ActivityReport["connections"][number]["past"] {
    const run = this.recorder.run();
    const progress = run?.past.get(connection.chatId!);
    if (!run || !progress) return null;
    const estimate = estimatePast(progress, connection.end, now);
    return {
      current: run.pastChat === connection.chatId && progress.finishedAt === null,
      startedAt: new Date(progress.startedAt).toISOString(),
      lastForwardedId: progress.lastId,
      end: connection.end,
      forwardedThisRun: progress.forwarded,
      ratePerMinute: estimate.ratePerMinute === null ? null : round(estimate.ratePerMinute, 2),
      etaSeconds: estimate.etaSeconds,
    };
  }
}

/** Chats' counts summed into the instance's total, each connection's and other's (instance-level counts are only in the total). */
export function group(byChat: ReadonlyMap<string, CountVector>, map: ConnectionMap): GroupedCounts {
  const grouped: GroupedCounts = { total: emptyVector(), connections: map.connections.map(() => emptyVector()), other: emptyVector() };
  for (const [chat, vector] of byChat) {
    addVector(grouped.total, vector);
    if (chat === INSTANCE_KEY) continue;
    const index = map.indexOf(chat);
    addVector(index === undefined ? grouped.other : grouped.connections[index]!, vector);
  }
  return grouped;
}

function instanceCounts(vector: CountVector): InstanceCountsOut {
  const { runningMs: _runningMs, ...counts } = countsOf(vector);
  return { ...counts, runningSeconds: Math.round(vector[COUNTER_INDEX.runningMs]! / 1000) };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function seconds(ms: number | null): number | null {
  return ms === null ? null : round(ms / 1000, 1);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function latest(times: number[]): number | null {
  return times.length === 0 ? null : Math.max(...times);
}
