// WS /ws/logs and /ws/instances/:id/logs: the backlog, then every line and status change as JSON messages, over
// Bun's native pub/sub. /ws/logs?instances=a,b (or all) merges several instances' lines in time order.
import { Elysia, t } from "elysia";
import type { ServerWebSocket } from "bun";
import type { TgcfInstance } from "../instance/instance";
import { cappedTail, MAX_TAIL_LINES } from "./index";
import type { LogLine } from "./log-line";
import { ApiError } from "../../utils/api-error";
import type { InstanceRegistry } from "../instances/registry";
import { DEFAULT_INSTANCE_ID } from "../instances/layout";
import { INSTANCE_ID_SOURCE } from "../../shared/instance-id";

/** One item of the merged log's `since`: <instance id>:<seq>. */
const SINCE_ITEM = new RegExp(`^(${INSTANCE_ID_SOURCE}):(\\d+)$`);

export const LOG_SOCKET_PATH = "/ws/logs";
export const DEFAULT_BACKLOG_LINES = 500;
/** Unsent data a client may have queued before it is closed with 1013 (it can resume with ?since). */
export const LOG_SOCKET_BACKPRESSURE_LIMIT = 4 * 1024 * 1024;
/** Bun closes a socket on its own past this, should a client outrun the periodic check below. */
export const LOG_SOCKET_BACKPRESSURE_HARD_LIMIT = 16 * 1024 * 1024;
const BACKPRESSURE_CHECK_MS = 100;
/** During a flood the timer alone would let a client's queue outrun Bun's hard limit: check every so many messages too. */
const BACKPRESSURE_CHECK_EVERY_MESSAGES = 256;
/** Backlog sent per turn of the event loop, at most: however large the backlog, other requests are served between. */
const BACKLOG_CHUNK_LINES = 256;
/** Message text per turn (UTF-16 units, so up to three times as many bytes). */
const BACKLOG_CHUNK_CHARS = 64 * 1024;
/** The backlog waits while the socket has more unsent than this, so a backlog never piles up in the server's memory. */
const BACKLOG_BUFFER_BYTES = 256 * 1024;
/** While waiting, the buffer is looked at again after this even if Bun reports no drain. */
const BACKLOG_DRAIN_POLL_MS = 50;
/** Well under nginx's default 60 s proxy_read_timeout, so proxies never cut a quiet stream. */
export const HEARTBEAT_MS = 25_000;
/** A socket told to close that never drains its buffer is cut after this. */
const CLOSE_GRACE_MS = 5_000;
export const CLOSE_TOO_SLOW = 1013;

type RawSocket = ServerWebSocket<unknown>;

/** Watches every open log socket's unsent data and closes the ones that fall behind. */
export class SlowClientGuard {
  private sockets = new Set<RawSocket>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private publishedSinceCheck = 0;

  constructor(private readonly limitBytes = LOG_SOCKET_BACKPRESSURE_LIMIT) {}

  add(socket: RawSocket): void {
    this.sockets.add(socket);
    this.timer ??= setInterval(() => this.check(), BACKPRESSURE_CHECK_MS);
  }

  remove(socket: RawSocket): void {
    this.sockets.delete(socket);
    if (this.sockets.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Whether any log socket is open: with none, messages need not even be built. */
  get hasSockets(): boolean {
    return this.sockets.size > 0;
  }

  /** Called after each broadcast message. */
  notePublished(): void {
    if (++this.publishedSinceCheck >= BACKPRESSURE_CHECK_EVERY_MESSAGES && this.sockets.size > 0) this.check();
  }

  closeAll(code: number, reason: string): void {
    for (const socket of this.sockets) socket.close(code, reason);
    this.sockets.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private check(): void {
    this.publishedSinceCheck = 0;
    for (const socket of this.sockets) {
      if (socket.getBufferedAmount() <= this.limitBytes) continue;
      this.remove(socket);
      for (const topic of topicsOf(socket)) socket.unsubscribe(topic);
      socket.close(CLOSE_TOO_SLOW, "too slow: reconnect with ?since=<last seq> to resume");
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    }
  }
}

const socketTopics = new WeakMap<RawSocket, string[]>();
function topicsOf(socket: RawSocket): string[] {
  return socketTopics.get(socket) ?? [];
}

/** One log line as a WebSocket message, saying which instance printed it. */
export function logMessage(line: LogLine, instance: string): string {
  return JSON.stringify({ type: "log", instance, seq: line.seq, ts: line.ts, stream: line.stream, line: line.line });
}

/** One instance a socket follows, and the last seq of it the client has (or will have once what is queued is sent). */
interface Source {
  instance: TgcfInstance;
  sentThrough: number;
}
interface PendingLine {
  source: Source;
  line: LogLine;
}

/** Lines of several instances in time order (stable: one instance's lines keep their order). */
function mergeByTime(lists: PendingLine[][]): PendingLine[] {
  if (lists.length === 1) return lists[0]!;
  return lists.flat().sort((a, b) => (a.line.ts < b.line.ts ? -1 : a.line.ts > b.line.ts ? 1 : 0));
}

/**
 * Sends one socket its backlog in chunks, a turn of the event loop each, waiting while the socket's buffer is
 * full; then the lines that came meanwhile, and, once it has caught up, its status and the live stream in one
 * synchronous step, so no line is missed or sent twice. A backlog that fits in one chunk is sent at once.
 */
class BacklogSender {
  private next = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private done = false;

  constructor(
    private readonly socket: RawSocket,
    private readonly sources: Source[],
    private lines: PendingLine[],
  ) {}

  /** Sends a chunk, or waits for the socket to drain; called again until the stream is live. */
  pump(): void {
    this.clearTimer();
    if (this.done) return;
    if (this.socket.readyState !== WebSocket.OPEN) return this.cancel();
    if (this.socket.getBufferedAmount() > BACKLOG_BUFFER_BYTES) {
      this.timer = setTimeout(() => this.pump(), BACKLOG_DRAIN_POLL_MS);
      return;
    }
    this.socket.cork(() => this.sendChunk());
    if (!this.done) this.timer = setTimeout(() => this.pump(), 0);
  }

  cancel(): void {
    this.done = true;
    this.clearTimer();
  }

  private sendChunk(): void {
    let chars = 0;
    for (let sent = 0; sent < BACKLOG_CHUNK_LINES && chars < BACKLOG_CHUNK_CHARS; sent++) {
      if (this.next === this.lines.length && !this.catchUp()) return this.goLive();
      const { source, line } = this.lines[this.next++]!;
      const message = logMessage(line, source.instance.id);
      this.socket.send(message);
      source.sentThrough = line.seq;
      chars += message.length;
    }
  }

  /** Takes the lines appended since the backlog was taken (and says what was lost meanwhile); false when there are none. */
  private catchUp(): boolean {
    const lists = this.sources.map((source) => {
      const { lines, gap } = source.instance.logs.since(source.sentThrough);
      if (gap) source.sentThrough = sendGap(this.socket, source.instance.id, gap);
      return lines.map((line) => ({ source, line }));
    });
    this.lines = mergeByTime(lists);
    this.next = 0;
    return this.lines.length > 0;
  }

  private goLive(): void {
    this.done = true;
    for (const { instance } of this.sources) {
      this.socket.send(instance.statusMessage());
      this.socket.subscribe(instance.topic);
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

const backlogSenders = new WeakMap<RawSocket, BacklogSender>();
const socketInstances = new WeakMap<RawSocket, TgcfInstance[]>();

/** Tells the client which lines of an instance it will never get; returns the last of them. */
function sendGap(socket: RawSocket, instance: string, gap: { from: number; to: number }): number {
  socket.send(JSON.stringify({ type: "gap", instance, from: gap.from, to: gap.to }));
  return gap.to;
}

/** The backlog a new socket asked for: the newest `tail` lines of each instance, or those after its `since` (after a gap notice, if any were lost). */
function startBacklog(socket: RawSocket, instances: TgcfInstance[], tail: number | undefined, since: Map<string, number> | null): BacklogSender {
  const sources: Source[] = [];
  const lists = instances.map((instance) => {
    const resumeAfter = since?.get(instance.id);
    if (resumeAfter === undefined) {
      const source = { instance, sentThrough: instance.logs.lastSeq };
      sources.push(source);
      return instance.logs.tail(cappedTail(tail ?? DEFAULT_BACKLOG_LINES)).map((line) => ({ source, line }));
    }
    const { lines, gap } = instance.logs.since(resumeAfter);
    const source = { instance, sentThrough: gap ? sendGap(socket, instance.id, gap) : resumeAfter };
    sources.push(source);
    return lines.map((line) => ({ source, line }));
  });
  return new BacklogSender(socket, sources, mergeByTime(lists));
}

/** `since`: one seq ("12", for a socket on one instance) or one per instance ("a:12,b:40"). 422 when neither. */
export function parseSince(raw: string | undefined, instances: readonly TgcfInstance[]): Map<string, number> | null {
  if (raw === undefined || raw === "") return null;
  const since = new Map<string, number>();
  if (/^\d+$/.test(raw)) {
    if (instances.length !== 1) throw new ApiError(422, "since: with several instances give one seq per instance, e.g. since=a:12,b:40");
    since.set(instances[0]!.id, Number(raw));
    return since;
  }
  for (const part of raw.split(",")) {
    const match = SINCE_ITEM.exec(part.trim());
    if (!match) throw new ApiError(422, `since: "${part}" is not <instance>:<seq>, e.g. since=a:12,b:40`);
    since.set(match[1]!, Number(match[2]));
  }
  return since;
}

/** The instances ?instances= names ("a,b" or "all"); 404 for an unknown one. */
function instancesOf(registry: InstanceRegistry, list: string | undefined, fixedId: string | undefined): TgcfInstance[] {
  if (fixedId !== undefined) return [registry.get(fixedId)];
  if (list === undefined || list === "") return [registry.get(DEFAULT_INSTANCE_ID)];
  const ids = list === "all" ? registry.ids() : [...new Set(list.split(",").map((id) => id.trim()))];
  return ids.map((id) => registry.get(id));
}

const SocketQuery = t.Object({
  tail: t.Optional(t.Numeric({ minimum: 0, description: `backlog lines sent first, per instance (default ${DEFAULT_BACKLOG_LINES}, at most ${MAX_TAIL_LINES})` })),
  since: t.Optional(
    t.String({
      maxLength: 4096,
      description: "resume after this seq: no gap, no duplicate while it is still in memory. One seq per instance with several: since=a:12,b:40",
    }),
  ),
});

/** The log socket at `path`; with `fixedInstance` it follows that route's :id, else ?instances= (default: the instance default). */
function socketRoute(registry: InstanceRegistry, path: string, perInstance: boolean) {
  const query = perInstance
    ? SocketQuery
    : t.Composite([SocketQuery, t.Object({ instances: t.Optional(t.String({ maxLength: 4096, description: "comma list of instance ids, or all: their lines merged in time order, each message naming its instance (default: default)" })) })]);
  const resolveSocket = (params: unknown, query: { instances?: string; since?: string }) => {
    const instances = instancesOf(registry, query.instances, perInstance ? (params as { id: string }).id : undefined);
    return { instances, since: parseSince(query.since, instances) };
  };
  return new Elysia({ name: "log-socket", seed: path }).ws(path, {
    query,
    detail: perInstance
      ? { tags: ["logs"], summary: "Live log stream of one instance (WebSocket): {type: log|status|gap|heartbeat|config, instance, …}" }
      : {
          tags: ["logs"],
          summary: "Live log stream (WebSocket) of the instance default, or of several merged with ?instances=a,b (or all)",
          description: "Without ?instances, an alias of /ws/instances/{id}/logs with id=default.",
        },
    // Unknown instances (404) and unreadable since (422) are answered before the upgrade.
    beforeHandle: ({ params, query }) => void resolveSocket(params, query as { instances?: string; since?: string }),
    open(ws) {
      const raw = ws.raw as RawSocket;
      const { instances, since } = resolveSocket(ws.data.params, ws.data.query as { instances?: string; since?: string });
      socketTopics.set(raw, instances.map((instance) => instance.topic));
      socketInstances.set(raw, instances);
      for (const instance of instances) instance.slowClients.add(raw);
      const sender = startBacklog(raw, instances, (ws.data.query as { tail?: number }).tail, since);
      backlogSenders.set(raw, sender);
      sender.pump();
    },
    drain(ws) {
      backlogSenders.get(ws.raw as RawSocket)?.pump();
    },
    message() {
      // The stream is one-way; anything a client sends is ignored.
    },
    close(ws) {
      const raw = ws.raw as RawSocket;
      backlogSenders.get(raw)?.cancel();
      for (const instance of socketInstances.get(raw) ?? []) instance.slowClients.remove(raw);
    },
  });
}

export const INSTANCE_LOG_SOCKET_PATH = "/ws/instances/:id/logs";

/** WS /ws/logs (default, or ?instances=) and WS /ws/instances/:id/logs. */
export const logSockets = (registry: InstanceRegistry) =>
  new Elysia({ name: "log-sockets" }).use(socketRoute(registry, LOG_SOCKET_PATH, false)).use(socketRoute(registry, INSTANCE_LOG_SOCKET_PATH, true));
