// WS /ws/logs: the backlog, then every line and status change as JSON messages, over Bun's native pub/sub.
import { Elysia, t } from "elysia";
import type { ServerWebSocket } from "bun";
import type { TgcfInstance } from "../instance/instance";
import { cappedTail, MAX_TAIL_LINES } from "./index";
import type { LogLine } from "./log-line";

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

/** One log line as a WebSocket message. */
export function logMessage(line: LogLine): string {
  return JSON.stringify({ type: "log", seq: line.seq, ts: line.ts, stream: line.stream, line: line.line });
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

  /** `lines` are the backlog; `sentThrough` is the seq the client will have seen up to once they are sent. */
  constructor(
    private readonly socket: RawSocket,
    private readonly instance: TgcfInstance,
    private lines: LogLine[],
    private sentThrough: number,
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
      const line = this.lines[this.next++]!;
      const message = logMessage(line);
      this.socket.send(message);
      this.sentThrough = line.seq;
      chars += message.length;
    }
  }

  /** Takes the lines appended since the backlog was taken (and says what was lost meanwhile); false when there are none. */
  private catchUp(): boolean {
    const { lines, gap } = this.instance.logs.since(this.sentThrough);
    if (gap) this.sentThrough = sendGap(this.socket, gap);
    this.lines = lines;
    this.next = 0;
    return lines.length > 0;
  }

  private goLive(): void {
    this.done = true;
    this.socket.send(this.instance.statusMessage());
    this.socket.subscribe(this.instance.topic);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

const backlogSenders = new WeakMap<RawSocket, BacklogSender>();

/** Tells the client which lines it will never get; returns the last of them. */
function sendGap(socket: RawSocket, gap: { from: number; to: number }): number {
  socket.send(JSON.stringify({ type: "gap", from: gap.from, to: gap.to }));
  return gap.to;
}

/** The backlog a new socket asked for: the newest `tail` lines, or those after `since` (after a gap notice, if any were lost). */
function startBacklog(socket: RawSocket, instance: TgcfInstance, query: { tail?: number; since?: number }): BacklogSender {
  if (query.since === undefined) {
    return new BacklogSender(socket, instance, instance.logs.tail(cappedTail(query.tail ?? DEFAULT_BACKLOG_LINES)), instance.logs.lastSeq);
  }
  const { lines, gap } = instance.logs.since(query.since);
  return new BacklogSender(socket, instance, lines, gap ? sendGap(socket, gap) : query.since);
}

export const logSocket = (instance: TgcfInstance) =>
  new Elysia({ name: "log-socket" }).ws(LOG_SOCKET_PATH, {
    query: t.Object({
      tail: t.Optional(t.Numeric({ minimum: 0, description: `backlog lines sent first (default ${DEFAULT_BACKLOG_LINES}, at most ${MAX_TAIL_LINES})` })),
      since: t.Optional(t.Numeric({ minimum: 0, description: "resume after this seq: no gap, no duplicate while it is still in memory" })),
    }),
    detail: { tags: ["logs"], summary: "Live log stream (WebSocket): {type: log|status|gap|heartbeat}" },
    open(ws) {
      const raw = ws.raw as RawSocket;
      socketTopics.set(raw, instance.topic);
      instance.slowClients.add(raw);
      const sender = startBacklog(raw, instance, ws.data.query);
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
      backlogSenders.get(ws.raw as RawSocket)?.cancel();
      instance.slowClients.remove(ws.raw as RawSocket);
    },
  });
