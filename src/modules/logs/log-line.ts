// One log line as the server keeps it, and its one-line text record in the log file.

export type LogStream = "stdout" | "stderr" | "system";
export const LOG_STREAMS: readonly LogStream[] = ["stdout", "stderr", "system"];

export interface LogLine {
  /** 1, 2, 3, ... per tgcf instance, increasing across server restarts. */
  seq: number;
  /** ISO 8601 with milliseconds, UTC. */
  ts: string;
  stream: LogStream;
  line: string;
}

/** Stands in for a line break inside a line (system messages), so one line stays one record. */
export const NEWLINE_REPLACEMENT = "␤";

/** `text` as a single line: every \r\n or \n becomes NEWLINE_REPLACEMENT. */
export function toSingleLine(text: string): string {
  return text.indexOf("\n") === -1 ? text : text.replace(/\r?\n/g, NEWLINE_REPLACEMENT);
}

/** The file record of `line`: `<ts> <seq> <stream> <line>\n`, readable as text and parseable back. */
export function formatLogRecord(line: LogLine): string {
  const text = toSingleLine(line.line);
  return text === ""
    ? `${line.ts} ${line.seq} ${line.stream}\n`
    : `${line.ts} ${line.seq} ${line.stream} ${text}\n`;
}

const RECORD = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) (\d+) (stdout|stderr|system)(?: ([^]*))?$/;

/** The LogLine in one record (without its \n), or null when the text is not a record. */
export function parseLogRecord(record: string): LogLine | null {
  const match = RECORD.exec(record);
  if (match === null) return null;
  const [, ts, seq, stream, line] = match;
  if (ts === undefined || seq === undefined) return null;
  return { seq: Number(seq), ts, stream: stream as LogStream, line: line ?? "" };
}
