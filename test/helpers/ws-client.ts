// A WebSocket client for tests that records every message and how the socket ended.

export interface LogMessage {
  type: "log";
  seq: number;
  ts: string;
  stream: string;
  line: string;
}

export class RecordingSocket {
  readonly messages: Array<Record<string, unknown>> = [];
  readonly opened: Promise<boolean>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly socket: WebSocket;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(url, { headers } as unknown as string[]);
    this.opened = new Promise((resolve) => {
      this.socket.addEventListener("open", () => resolve(true));
      this.socket.addEventListener("close", () => resolve(false));
    });
    this.closed = new Promise((resolve) => this.socket.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })));
    this.socket.addEventListener("message", (event) => this.messages.push(JSON.parse(String(event.data))));
  }

  logs(): LogMessage[] {
    return this.messages.filter((message) => message.type === "log") as unknown as LogMessage[];
  }

  lastSeq(): number {
    return this.logs().at(-1)?.seq ?? 0;
  }

  close(): void {
    this.socket.close();
  }
}

export function logSocketUrl(baseUrl: string, query = ""): string {
  return baseUrl.replace(/^http/, "ws") + "/ws/logs" + (query ? `?${query}` : "");
}

/**
 * A log reader that behaves like the UI: when the server closes it for falling behind (1013), it reconnects
 * with ?since=<last seq>. Its lines, across reconnects, must have no gap and no duplicate.
 */
export class ResumingLogReader {
  private socket: RecordingSocket;
  private readonly earlier: LogMessage[] = [];
  reconnects = 0;
  private stopped = false;

  constructor(
    private readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    query = "tail=0",
  ) {
    this.socket = this.connect(query);
  }

  get opened(): Promise<boolean> {
    return this.socket.opened;
  }

  logs(): LogMessage[] {
    return [...this.earlier, ...this.socket.logs()];
  }

  close(): void {
    this.stopped = true;
    this.socket.close();
  }

  private connect(query: string): RecordingSocket {
    const socket = new RecordingSocket(logSocketUrl(this.baseUrl, query), this.headers);
    void socket.closed.then(({ code }) => {
      if (this.stopped || code !== 1013) return;
      this.earlier.push(...socket.logs());
      this.reconnects++;
      this.socket = this.connect(`since=${this.earlier.at(-1)?.seq ?? 0}`);
    });
    return socket;
  }
}
