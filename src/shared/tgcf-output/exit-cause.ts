// The cause of a tgcf exit in one line, taken from its last output: the exception of its last traceback, else its
// last error or warning record.
import { hintFor, type CauseHint } from "./known-causes";
import { lastExceptionOf, logRecordsOf } from "./rich-records";

export interface ExitCause {
  /** One line for a person, e.g. "ConnectionError: Connection to Telegram failed 5 time(s)". */
  text: string;
  /** The exception's class name (without its module), or null when the cause is a log record. */
  exceptionType: string | null;
  hint: CauseHint | null;
}

/** Records of these levels can explain an exit; INFO lines never do. */
const EXPLAINING_LEVELS = new Set(["WARNING", "ERROR", "CRITICAL"]);
/** Warnings tgcf prints at every start, which explain nothing (the web password means nothing under tgcf-server). */
const ROUTINE_WARNINGS = [/not set a password to protect the web access/i, /delay must be within/i];
const MAX_CAUSE_LENGTH = 300;

/** The cause, or null when nothing in the lines explains the exit. `lines` are free of terminal codes. */
export function exitCauseOf(lines: readonly string[]): ExitCause | null {
  const exception = lastExceptionOf(lines);
  if (exception) {
    const type = exception.type.split(".").at(-1)!;
    const text = clip(exception.message ? `${type}: ${exception.message}` : type);
    return { text, exceptionType: type, hint: hintFor(`${exception.type}: ${exception.message}`) };
  }
  const record = logRecordsOf(lines)
    .filter((candidate) => EXPLAINING_LEVELS.has(candidate.level) && !ROUTINE_WARNINGS.some((pattern) => pattern.test(candidate.message)))
    .at(-1);
  if (!record) return null;
  return { text: clip(record.message), exceptionType: null, hint: hintFor(record.message) };
}

function clip(text: string): string {
  return text.length <= MAX_CAUSE_LENGTH ? text : `${text.slice(0, MAX_CAUSE_LENGTH - 1)}…`;
}
