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
