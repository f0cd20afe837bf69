// WS ws/logs?instances=a,b: several instances' lines merged in time order; resumes with since=a:12,b:40 after any drop.
import type { LogEntry } from "../lib/log-types.ts";
import { INITIAL_TAIL_LINES } from "./log-socket.ts";
import { ResumingSocket, type ConnectionState } from "./resuming-socket.ts";

/** A line of the merged log, with the id of the instance that printed it. */
export interface InstanceLogEntry extends LogEntry {
  instance: string;
}

export interface MergedLogHandlers {
  onLine(entry: InstanceLogEntry): void;
  /** Lines `from`..`to` of `instance` are gone from the server's memory. */
  onGap(instance: string, from: number, to: number): void;
  onOpen(open: boolean): void;
}

type MergedMessage =
  | ({ type: "log"; instance: string } & LogEntry)
  | { type: "gap"; instance: string; from: number; to: number }
  | { type: "status" | "config" | "heartbeat" };

/** ws(s)://<this page's directory>/ws/logs?instances=a,b and, once lines arrived, since=<id>:<last seq> for each instance seen. */
export function mergedLogSocketUrl(pageUrl: string, instances: readonly string[], lastSeqs: ReadonlyMap<string, number>): string {
  const url = new URL("ws/logs", pageUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const params = new URLSearchParams({ instances: instances.join(","), tail: String(INITIAL_TAIL_LINES) });
  const since = instances.filter((id) => (lastSeqs.get(id) ?? 0) > 0).map((id) => `${id}:${lastSeqs.get(id)}`);
  if (since.length) params.set("since", since.join(","));
  url.search = params.toString();
  return url.toString();
}

export class MergedLogSocket extends ResumingSocket<MergedMessage> {
  /** The last seq received per instance: what a reconnect resumes after. */
  private readonly lastSeqs = new Map<string, number>();

  constructor(
    private readonly instances: readonly string[],
    private readonly handlers: MergedLogHandlers,
  ) {
    super("page closed the merged log");
  }

  protected url(): string {
    return mergedLogSocketUrl(location.href, this.instances, this.lastSeqs);
  }

  protected override connectionChanged(state: ConnectionState): void {
    this.handlers.onOpen(state.phase === "open");
  }

  protected dispatch(message: MergedMessage): void {
    if (message.type === "log") {
      this.lastSeqs.set(message.instance, message.seq);
      this.handlers.onLine({ instance: message.instance, seq: message.seq, ts: message.ts, stream: message.stream, line: message.line });
    } else if (message.type === "gap") {
      this.lastSeqs.set(message.instance, message.to);
      this.handlers.onGap(message.instance, message.from, message.to);
    }
  }
}
