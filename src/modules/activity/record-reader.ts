// tgcf's stdout lines, as they arrive one by one, read back into the activity records they hold. A record rich
// wrapped (when COLUMNS is narrow) is read whole: its continuation lines come in the same write, so the record is
// complete at the next line or, at the latest, once the current batch of lines has been handed over (a microtask).
import { logRecordsOf, recordOf, type LogRecord } from "../../shared/tgcf-output/rich-records";
import { stripAnsi } from "../logs/ansi";
import { ACTIVITY_HINT, activityOf, type ActivityEvent } from "./activity-line";

/** rich's continuation lines leave the time and level columns blank. */
const CONTINUATION = /^\s{20,}\S/;
/** rich's OSC 8 link around the `file.py:line` column, the right end of a coloured record line. */
const SOURCE_LINK = "\x1b]8;";

/**
 * The text of a line without terminal codes. The source column's links come after the message, so the line is cut
 * there first: stripping is most of the reader's cost, and the source column is not needed.
 */
function plainText(raw: string): string {
  const link = raw.indexOf(SOURCE_LINK);
  return stripAnsi(link === -1 ? raw : raw.slice(0, link));
}

export class ActivityLineReader {
  private pending: string[] | null = null;
  /** The pending record as read from its first line, while no continuation line came. */
  private firstLineRecord: LogRecord | null = null;
  private finishScheduled = false;

  constructor(private readonly onEvent: (event: ActivityEvent) => void) {}

  /** One stdout line, terminal codes and all. Most lines are dismissed by a single regular-expression test. */
  push(raw: string): void {
    if (this.pending === null) {
      if (ACTIVITY_HINT.test(raw)) this.start(plainText(raw));
      return;
    }
    const plain = plainText(raw);
    if (CONTINUATION.test(plain) && recordOf(plain) === null) {
      this.pending.push(plain);
      this.firstLineRecord = null;
      return;
    }
    this.finish();
    if (ACTIVITY_HINT.test(raw)) this.start(plain);
  }

  /** Reads the record still open, if any (at the end of tgcf's output). */
  finish(): void {
    const lines = this.pending;
    if (lines === null) return;
    this.pending = null;
    const record = this.firstLineRecord ?? logRecordsOf(lines)[0];
    this.firstLineRecord = null;
    const event = record ? activityOf(record) : null;
    if (event) this.onEvent(event);
  }

  private start(plain: string): void {
    const record = recordOf(plain);
    if (record === null) return;
    this.pending = [plain];
    this.firstLineRecord = record;
    if (this.finishScheduled) return;
    this.finishScheduled = true;
    queueMicrotask(() => {
      this.finishScheduled = false;
      this.finish();
    });
  }
}
