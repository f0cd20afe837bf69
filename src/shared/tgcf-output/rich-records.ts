// tgcf's output read back into what it means: rich's log records (time, level, message, source) and tracebacks.
// Input lines are already free of terminal codes. Pure: the server and the browser UI both import it.

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogRecord {
  level: LogLevel;
  /** The message, with the lines rich wrapped it onto joined by spaces. */
  message: string;
  /** rich's `file.py:line` column, when the line has one. */
  source: string | null;
}

/**
 * A record's first line: rich's time column ("[11/24/26 11:08:55]", or blank when the second did not change), the
 * level padded to 8, then the message, and at the right the source column.
 */
const RECORD_LINE = /^(?:\[[^\]]{1,40}\]|\s*)\s(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+(.*?)(?:\s+([\w.-]+\.py:\d+))?\s*$/;
/** A wrapped message goes on under the message column, with nothing in the time and level columns. */
const CONTINUATION_LINE = /^\s{20,}(\S.*?)(?:\s+([\w.-]+\.py:\d+))?\s*$/;

/** The record a line starts, or null when it starts none. */
export function recordOf(line: string): LogRecord | null {
  const match = RECORD_LINE.exec(line);
  if (!match) return null;
  return { level: match[1] as LogLevel, message: match[2]!.trim(), source: match[3] ?? null };
}

/** rich's log records in `lines`, with wrapped messages joined; lines that belong to no record are left out. */
export function logRecordsOf(lines: readonly string[]): LogRecord[] {
  const records: LogRecord[] = [];
  let open: LogRecord | null = null;
  for (const line of lines) {
    const record = recordOf(line);
    if (record) {
      records.push(record);
      open = record;
      continue;
    }
    const continuation = open ? CONTINUATION_LINE.exec(line) : null;
    if (open && continuation) {
      open.message = `${open.message} ${continuation[1]!.trim()}`;
      open.source ??= continuation[2] ?? null;
    } else {
      open = null;
    }
  }
  return records;
}

const BOX_BOTTOM = /^\s*╰/;
const BOX_LINE = /^\s*[│╭╰]/;
const PLAIN_TRACEBACK_HEADER = /^Traceback \(most recent call last\):\s*$/;
/** Python's last traceback line: a dotted class name, then ": message" or nothing. */
const EXCEPTION_LINE = /^((?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*)(?::\s?(.*))?$/;
/** Words that end a wrapped exception message: the next thing tgcf prints. */
const AFTER_TRACEBACK = /^(?:Aborted\.|\[|\s|Traceback|During handling|The above exception)/;
const MAX_MESSAGE_LINES = 4;

export interface RaisedException {
  /** The class name as printed, e.g. "ConnectionError" or "telethon.errors.rpcerrorlist.FloodWaitError". */
  type: string;
  message: string;
}

/**
 * The exception of the last traceback in `lines`: rich's box (any width) or Python's plain form. With chained
 * exceptions that is the last one raised. Null when the lines hold no complete traceback.
 */
export function lastExceptionOf(lines: readonly string[]): RaisedException | null {
  for (let end = lines.length - 1; end >= 0; end--) {
    const line = lines[end]!;
    const afterBox = BOX_BOTTOM.test(line);
    if (!afterBox && !PLAIN_TRACEBACK_HEADER.test(line)) continue;
    const start = afterBox ? end + 1 : firstUnindentedAfter(lines, end + 1);
    const exception = exceptionAt(lines, start);
    if (exception) return exception;
  }
  return lastFrameException(lines);
}

/** Only the end of a plain traceback was kept (its header scrolled away): an exception line right after a frame. */
function lastFrameException(lines: readonly string[]): RaisedException | null {
  for (let index = lines.length - 1; index > 0; index--) {
    const previous = lines[index - 1]!;
    if (!/^\s/.test(previous) || !/(?:Error|Exception):/.test(lines[index]!)) continue;
    const exception = exceptionAt(lines, index);
    if (exception) return exception;
  }
  return null;
}

function firstUnindentedAfter(lines: readonly string[], from: number): number {
  let index = from;
  while (index < lines.length && (lines[index]!.startsWith(" ") || lines[index]!.startsWith("\t") || BOX_LINE.test(lines[index]!))) index++;
  return index;
}

function exceptionAt(lines: readonly string[], start: number): RaisedException | null {
  let index = start;
  while (index < lines.length && lines[index]!.trim() === "") index++;
  const first = lines[index];
  const match = first === undefined ? null : EXCEPTION_LINE.exec(first.trimEnd());
  if (!match || (match[2] === undefined && !/(?:Error|Exception|Exit|Interrupt)$/.test(match[1]!))) return null;
  const messageLines = match[2] === undefined ? [] : [match[2]];
  for (let next = index + 1; next < lines.length && messageLines.length > 0 && messageLines.length < MAX_MESSAGE_LINES; next++) {
    const text = lines[next]!;
    if (text.trim() === "" || AFTER_TRACEBACK.test(text) || recordOf(text)) break;
    messageLines.push(text.trim());
  }
  return { type: match[1]!, message: messageLines.join(" ").trim() };
}
