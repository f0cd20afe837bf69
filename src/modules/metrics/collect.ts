// What /metrics exposes for each instance, read from its supervisor status and its activity report.
import { ProcessStateSchema } from "../process/model";
import type { ActivityService } from "../activity/service";
import type { ActivityReport, MessageCountsOut } from "../activity/model";
import { LOG_STREAMS } from "../logs/log-line";
import type { Labels, MetricFamily, MetricType } from "./exposition";

/** Every state the supervisor knows, from its schema, so a state added there is exposed too. */
export const PROCESS_STATES: readonly string[] = ProcessStateSchema.anyOf.map((literal) => String(literal.const));
/** The label value of counts that match no connection. */
export const OTHER_CONNECTION_LABEL = "other";
/** A scrape asks for the shortest series the activity report gives. */
const SCRAPE_RANGE_MS = 60_000;

export interface MetricsInstance {
  activity: ActivityService;
  /** Log sockets open on this instance now. */
  webSocketClients(): number;
}

type Sample = MetricFamily["samples"][number];

class Families {
  private readonly byName = new Map<string, MetricFamily & { samples: Sample[] }>();

  add(name: string, type: MetricType, help: string, labels: Labels, value: number | null): void {
    let family = this.byName.get(name);
    if (!family) this.byName.set(name, (family = { name, type, help, samples: [] }));
    if (value !== null) family.samples.push({ labels, value });
  }

  list(): MetricFamily[] {
    return [...this.byName.values()];
  }
}

const MESSAGE_METRICS: ReadonlyArray<[keyof MessageCountsOut, string, string]> = [
  ["received", "tgcf_messages_received_total", "New messages tgcf received in a connection's source (live mode), before its filters."],
  ["edited", "tgcf_messages_edited_total", "Edited messages in a connection's source (live mode)."],
  ["deleted", "tgcf_messages_deleted_total", "Deleted messages in a connection's source (live mode with delete_sync)."],
  ["forwarded", "tgcf_messages_forwarded_total", "Messages forwarded by past mode."],
];

/** The metric families of all instances, each sample labelled with its instance. */
export async function collectMetrics(instances: readonly MetricsInstance[]): Promise<MetricFamily[]> {
  const families = new Families();
  for (const instance of instances) {
    const now = instance.activity.recorder.now();
    const report = await instance.activity.report({ from: new Date(now - SCRAPE_RANGE_MS).toISOString(), to: new Date(now).toISOString() });
    addInstance(families, instance, report);
  }
  return families.list();
}

function addInstance(families: Families, instance: MetricsInstance, report: ActivityReport): void {
  const id = { instance: instance.activity.id };
  const status = instance.activity.status();
  const total = report.instance.counters.allTime;
  families.add("tgcf_up", "gauge", "1 while a tgcf process exists (running or stopping), else 0.", id, status.isRunning ? 1 : 0);
  for (const state of PROCESS_STATES) {
    families.add("tgcf_state", "gauge", "The supervisor's state of tgcf: 1 for the current one.", { ...id, state }, status.state === state ? 1 : 0);
  }
  families.add("tgcf_uptime_seconds", "gauge", "Seconds the current tgcf process has run (0 when none runs).", id, status.uptimeSeconds);
  families.add("tgcf_automatic_restarts", "gauge", "Automatic restarts since tgcf was last started by a person.", id, status.restarts);
  families.add("tgcf_starts_total", "counter", "tgcf processes started.", id, total.starts);
  families.add("tgcf_unexpected_exits_total", "counter", "tgcf exits nobody asked for (not a stop, not a finished past run).", id, total.unexpectedExits);
  families.add("tgcf_running_seconds_total", "counter", "Seconds tgcf was running.", id, total.runningSeconds);
  for (const [field, name, help] of MESSAGE_METRICS) {
    for (const connection of report.connections) {
      families.add(name, "counter", help, { ...id, connection: String(connection.index), name: connection.name, source: connection.source }, connection.counters.allTime[field]);
    }
    families.add(name, "counter", help, { ...id, connection: OTHER_CONNECTION_LABEL, name: "", source: "" }, report.other.counters.allTime[field]);
  }
  families.add("tgcf_flood_waits_total", "counter", "FloodWaits: times tgcf or Telethon slept because Telegram asked it to wait.", id, total.floodWaits);
  families.add("tgcf_flood_wait_seconds_total", "counter", "Seconds Telegram asked those FloodWaits to last.", id, total.floodWaitSeconds);
  families.add("tgcf_errors_total", "counter", "ERROR and CRITICAL records tgcf logged.", id, total.errors);
  families.add("tgcf_last_activity_timestamp_seconds", "gauge", "When a message was last received, edited, deleted or forwarded (Unix time).", id, unixSeconds(report.instance.lastActivityAt));
  families.add("tgcf_stalled", "gauge", "1 when tgcf has run for a long time without printing a line (see GET /api/activity).", id, report.instance.stalled ? 1 : 0);
  for (const connection of report.connections) {
    const labels = { ...id, connection: String(connection.index), name: connection.name, source: connection.source };
    families.add("tgcf_connection_stalled", "gauge", "1 when a usually active source has been silent for far longer than usual (see GET /api/activity).", labels, connection.stall.state === "stalled" ? 1 : 0);
  }
  const lines = instance.activity.recorder.lines();
  for (const stream of LOG_STREAMS) {
    families.add("tgcf_server_log_lines_total", "counter", "Log lines of the instance since the server started, by stream.", { ...id, stream }, lines[stream]);
  }
  families.add("tgcf_server_websocket_clients", "gauge", "Log WebSocket clients connected now.", id, instance.webSocketClients());
}

function unixSeconds(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso) / 1000;
}
