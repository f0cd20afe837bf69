// WS ws/logs client: resumes with ?since=<last seq> after any drop, waiting longer after each failed attempt.
import { instanceLogSocketPath } from "../state/instance.ts";
import { reconnectDelay } from "../lib/backoff.ts";
import type { LogEntry } from "../lib/log-types.ts";
import type { ProcessStatus } from "./types.ts";
import type { ConfigFileChange } from "../../src/modules/config/external-change";

/** Lines asked for on the first connection. */
export const INITIAL_TAIL_LINES = 500;
/** The server sends a heartbeat every 25 s; silence this long means the connection is dead even if TCP has not noticed. */
export const SILENCE_LIMIT_MS = 60_000;

export type ConnectionState =
  | { phase: "connecting" }
  | { phase: "open" }
  | { phase: "waiting"; retryAt: number; attempt: number }
  | { phase: "stopped" };

export interface LogSocketHandlers {
  onLine(entry: LogEntry): void;
  onStatus(status: ProcessStatus): void;
  onGap(from: number, to: number): void;
  /** A new version of tgcf.config.json: written by tgcf or another program, or by the server writing saves back. */
  onConfigChange(change: ConfigFileChange): void;
  onConnection(state: ConnectionState): void;
  /** The connection closed or could not open (the session may have ended). */
  onDrop(): void;
}

type ServerMessage =
  | ({ type: "log" } & LogEntry)
  | ({ type: "status" } & ProcessStatus)
  | { type: "gap"; from: number; to: number }
  | ({ type: "config" } & ConfigFileChange)
  | { type: "heartbeat"; ts: string };

/** ws(s)://<this page's directory>/ws/logs?<query>. */
export function logSocketUrl(pageUrl: string, lastSeq: number): string {
  const url = new URL(instanceLogSocketPath(), pageUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.search = lastSeq > 0 ? `since=${lastSeq}` : `tail=${INITIAL_TAIL_LINES}`;
  return url.toString();
}

export class LogSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  constructor(
    private readonly handlers: LogSocketHandlers,
    private readonly lastSeq: () => number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    this.socket?.close(1000, "page closed the log");
    this.socket = null;
    this.handlers.onConnection({ phase: "stopped" });
  }

  /** Skips the wait (the browser is back online, or the user asked). */
  reconnectNow(): void {
    if (!this.running || this.socket) return;
    this.clearTimers();
    this.connect();
  }

  private connect(): void {
    this.handlers.onConnection({ phase: "connecting" });
    const socket = new WebSocket(logSocketUrl(location.href, this.lastSeq()));
    this.socket = socket;
    socket.onopen = () => {
      this.handlers.onConnection({ phase: "open" });
      this.watchSilence();
    };
    socket.onmessage = (event) => {
      this.attempt = 0;
      this.watchSilence();
      this.dispatch(JSON.parse(String(event.data)) as ServerMessage);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.running) return;
      this.handlers.onDrop();
      this.scheduleRetry();
    };
  }

  private dispatch(message: ServerMessage): void {
    if (message.type === "log") this.handlers.onLine({ seq: message.seq, ts: message.ts, stream: message.stream, line: message.line });
    else if (message.type === "status") {
      const { type: _type, ...status } = message;
      this.handlers.onStatus(status);
    } else if (message.type === "gap") this.handlers.onGap(message.from, message.to);
    else if (message.type === "config") {
      const { type: _type, ...change } = message;
      this.handlers.onConfigChange(change);
    }
  }

  private scheduleRetry(): void {
    this.clearTimers();
    if (!this.running) return;
    const delay = reconnectDelay(this.attempt);
    this.handlers.onConnection({ phase: "waiting", retryAt: Date.now() + delay, attempt: this.attempt + 1 });
    this.attempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.running) this.connect();
    }, delay);
  }

  private watchSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => this.abandonSilentSocket(), SILENCE_LIMIT_MS);
  }

  private abandonSilentSocket(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close(4000, "no heartbeat");
    this.handlers.onDrop();
    this.scheduleRetry();
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.retryTimer = this.silenceTimer = null;
  }
}
