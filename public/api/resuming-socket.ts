// A WebSocket that opens again after any drop, waiting longer after each failed attempt, and takes a silence beyond
// the server's heartbeat for a drop. Subclasses say where to connect (resuming where they left off) and read messages.
import { reconnectDelay } from "../lib/backoff.ts";

/** The server sends a heartbeat every 25 s; silence this long means the connection is dead even if TCP has not noticed. */
export const SILENCE_LIMIT_MS = 60_000;

export type ConnectionState =
  | { phase: "connecting" }
  | { phase: "open" }
  | { phase: "waiting"; retryAt: number; attempt: number }
  | { phase: "stopped" };

export abstract class ResumingSocket<Message> {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  /** `closeReason`: what a stop tells the server. */
  constructor(private readonly closeReason: string) {}

  /** The address to open now (it says where to resume). */
  protected abstract url(): string;
  protected abstract dispatch(message: Message): void;
  /** Every change of the connection. */
  protected connectionChanged(_state: ConnectionState): void {}
  /** The connection closed or could not open (the session may have ended). */
  protected dropped(): void {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop(): void {
    this.running = false;
    this.clearTimers();
    this.socket?.close(1000, this.closeReason);
    this.socket = null;
    this.connectionChanged({ phase: "stopped" });
  }

  /** Skips the wait (the browser is back online, or the person asked). */
  reconnectNow(): void {
    if (!this.running || this.socket) return;
    this.clearTimers();
    this.connect();
  }

  private connect(): void {
    this.connectionChanged({ phase: "connecting" });
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.onopen = () => {
      this.connectionChanged({ phase: "open" });
      this.watchSilence();
    };
    socket.onmessage = (event) => {
      this.attempt = 0;
      this.watchSilence();
      this.dispatch(JSON.parse(String(event.data)) as Message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.running) return;
      this.dropped();
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    this.clearTimers();
    if (!this.running) return;
    const delay = reconnectDelay(this.attempt);
    this.connectionChanged({ phase: "waiting", retryAt: Date.now() + delay, attempt: this.attempt + 1 });
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
    this.dropped();
    this.scheduleRetry();
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.retryTimer = this.silenceTimer = null;
  }
}
