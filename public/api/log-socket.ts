// WS ws/logs client: resumes with ?since=<last seq> after any drop (see ResumingSocket).
import { instanceLogSocketPath } from "../state/instance.ts";
import { ResumingSocket, type ConnectionState } from "./resuming-socket.ts";
import type { LogEntry } from "../lib/log-types.ts";
import type { ProcessStatus } from "./types.ts";
import type { ConfigFileChange } from "../../src/modules/config/external-change";

/** Lines asked for on the first connection. */
export const INITIAL_TAIL_LINES = 500;
export type { ConnectionState };

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

export class LogSocket extends ResumingSocket<ServerMessage> {
  constructor(
    private readonly handlers: LogSocketHandlers,
    private readonly lastSeq: () => number,
  ) {
    super("page closed the log");
  }

  protected url(): string {
    return logSocketUrl(location.href, this.lastSeq());
  }

  protected override connectionChanged(state: ConnectionState): void {
    this.handlers.onConnection(state);
  }

  protected override dropped(): void {
    this.handlers.onDrop();
  }

  protected dispatch(message: ServerMessage): void {
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
}
