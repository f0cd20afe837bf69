// The shapes of log lines and messages on WS ws/logs and GET api/logs.

export type LogStreamName = "stdout" | "stderr" | "system";
export const LOG_STREAM_NAMES: readonly LogStreamName[] = ["stdout", "stderr", "system"];

export interface LogEntry {
  seq: number;
  /** ISO 8601 UTC with milliseconds, from the server. */
  ts: string;
  stream: LogStreamName;
  line: string;
}

/** The server joins the lines of a multi-line system message with this character. */
export const NEWLINE_MARK = "␤";
