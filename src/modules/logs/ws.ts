// WS /ws/logs: the backlog, then every line and status change as JSON messages, over Bun's native pub/sub.
import { Elysia, t } from "elysia";
import type { ServerWebSocket } from "bun";
import type { TgcfInstance } from "../instance/instance";

export const LOG_SOCKET_PATH = "/ws/logs";
export const DEFAULT_BACKLOG_LINES = 500;
/** Unsent data a client may have queued before it is closed with 1013 (it can resume with ?since). */
export const LOG_SOCKET_BACKPRESSURE_LIMIT = 4 * 1024 * 1024;
/** Bun closes a socket on its own past this, should a client outrun the periodic check below. */
export const LOG_SOCKET_BACKPRESSURE_HARD_LIMIT = 16 * 1024 * 1024;
const BACKPRESSURE_CHECK_MS = 100;
/** During a flood the timer alone would let a client's queue outrun Bun's hard limit: check every so many messages too. */
const BACKPRESSURE_CHECK_EVERY_MESSAGES = 256;
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
      socket.unsubscribe(topicOf(socket));
      socket.close(CLOSE_TOO_SLOW, "too slow: reconnect with ?since=<last seq> to resume");
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    }
  }
}

const socketTopics = new WeakMap<RawSocket, string>();
function topicOf(socket: RawSocket): string {
  return socketTopics.get(socket) ?? "";
}

export const logSocket = (instance: TgcfInstance) =>
  new Elysia({ name: "log-socket" }).ws(LOG_SOCKET_PATH, {
    query: t.Object({
      tail: t.Optional(t.Numeric({ minimum: 0, maximum: 1_000_000, description: `backlog lines sent first (default ${DEFAULT_BACKLOG_LINES})` })),
      since: t.Optional(t.Numeric({ minimum: 0, description: "resume after this seq: no gap, no duplicate while it is still in memory" })),
    }),
    detail: { tags: ["logs"], summary: "Live log stream (WebSocket): {type: log|status|gap|heartbeat}" },
    open(ws) {
      const raw = ws.raw as RawSocket;
      const { tail, since } = ws.data.query;
      // Backlog and subscription happen in one synchronous step: no line can slip between them.
      for (const message of instance.backlogMessages({ tail: tail ?? DEFAULT_BACKLOG_LINES, since })) raw.send(message);
      raw.send(instance.statusMessage());
      socketTopics.set(raw, instance.topic);
      raw.subscribe(instance.topic);
      instance.slowClients.add(raw);
    },
    message() {
      // The stream is one-way; anything a client sends is ignored.
    },
    close(ws) {
      instance.slowClients.remove(ws.raw as RawSocket);
    },
  });
