// Which lines of tgcf's output belong together, decided line by line as they arrive (never holding one back): a
// traceback, rich's box or Python's plain form, becomes one entry showing its exception; a known failure named in a
// line (or across the lines rich wrapped one record onto) gets its cause. Pure: log-rows.ts draws what this decides.
import { lastExceptionOf, recordOf } from "../../src/shared/tgcf-output/rich-records.ts";
import { stripAnsi } from "./ansi.ts";
import { causeOf, type CauseHint, type CauseKind } from "./log-causes.ts";
import type { LogEntry } from "./log-types.ts";

/** A traceback's first lines kept in view; later ones roll through a tail of FOLD_TAIL_LINES, the rest are cut. */
export const FOLD_HEAD_LINES = 300;
export const FOLD_TAIL_LINES = 100;
/** Lines of an exception's message (wrapped, or printed over several lines) read after its first. */
const MAX_MESSAGE_LINES = 4;
/** Lines of one rich record joined to find a failure whose words rich wrapped onto two lines. */
const MAX_RECORD_LINES = 6;
/** rich's time and level columns: a wrapped record goes on after at least this many spaces. */
const CONTINUATION_INDENT = " ".repeat(20);

const RICH_TRACEBACK_TOP = /^\s*╭─.*Traceback/;
const PLAIN_TRACEBACK_HEADER = "Traceback (most recent call last):";
const BOX_SIDE = /^\s*│/;
const BOX_BOTTOM = /^\s*╰/;
const INDENTED = /^[ \t]/;
/** Python's words between two tracebacks of one chain of exceptions. */
const CHAIN_WORDS = /^(?:During handling of the above exception|The above exception was the direct cause)/;
/** Lines that end an exception's message: what tgcf prints next, never part of it. */
const AFTER_MESSAGE = /^(?:Aborted\.|\[|\s)/;
const SOURCE_COLUMN = /\s+[\w.-]+\.py:\d+\s*$/;

/** One folded traceback, as it stands after the last line placed in it. */
export interface Fold {
  id: number;
  /** Every line it received. */
  lines: number;
  /** Lines dropped from view (beyond FOLD_HEAD_LINES + FOLD_TAIL_LINES). */
  cut: number;
  /** The exception (its first line and the lines its message goes on over, joined by spaces), once it came. */
  exception: string | null;
  cause: CauseHint | null;
}

export type Placement =
  /** A line already placed (a resumed stream repeats some): show nothing. */
  | { kind: "duplicate" }
  /** A row of its own, with the failure it names (null when none, or when its record's earlier line already showed it). */
  | { kind: "line"; cause: CauseHint | null }
  /**
   * A line of the traceback `fold` (of the source and stream `group`): `opens` for its first; kept at the `head` or in
   * the rolling `tail`, whose oldest line then leaves when `evicts`; `exception` when it is (part of) the exception.
   */
  | { kind: "fold"; group: string; fold: Readonly<Fold>; opens: boolean; keep: "head" | "tail"; evicts: boolean; exception: "first" | "more" | null };

type Phase = "box" | "frames" | "after-box" | "message" | "chain";

interface OpenFold {
  fold: Fold;
  phase: Phase;
  messageLines: number;
  tailLines: number;
}

interface OpenRecord {
  lines: string[];
  labelled: CauseKind | null;
}

interface GroupState {
  traceback: OpenFold | null;
  record: OpenRecord | null;
}

/** The instance a line of the merged log came from ("" for the single log). */
export function sourceOfEntry(entry: LogEntry): string {
  const instance = (entry as LogEntry & { instance?: unknown }).instance;
  return typeof instance === "string" ? instance : "";
}

/** The exception a line states, read as the shared reader reads the line after a traceback's header. */
function exceptionIn(text: string): boolean {
  return lastExceptionOf([PLAIN_TRACEBACK_HEADER, text]) !== null;
}

function startsTraceback(text: string): boolean {
  return text.includes("Traceback") && (text === PLAIN_TRACEBACK_HEADER || RICH_TRACEBACK_TOP.test(text));
}

/**
 * Places each line of a log, in order, per source (instance) and stream: a traceback on stderr is never joined with
 * stdout, nor with another instance's lines, however they interleave. Repeated lines (seq not above the last of their
 * source) are placed as duplicates.
 */
export class LogFolder {
  private groups = new Map<string, GroupState>();
  private lastSeqs = new Map<string, number>();
  private nextFoldId = 1;

  constructor(private readonly sourceOf: (entry: LogEntry) => string = sourceOfEntry) {}

  place(entry: LogEntry): Placement {
    const source = this.sourceOf(entry);
    if (entry.seq <= (this.lastSeqs.get(source) ?? 0)) return { kind: "duplicate" };
    this.lastSeqs.set(source, entry.seq);
    // The server's own messages are neither tgcf's tracebacks nor its failures.
    if (entry.stream === "system") return { kind: "line", cause: null };
    const group = `${source}\u0000${entry.stream}`;
    let state = this.groups.get(group);
    if (!state) this.groups.set(group, (state = { traceback: null, record: null }));
    const text = stripAnsi(entry.line).trimEnd();

    if (state.traceback) {
      const placed = this.continueTraceback(group, state.traceback, text);
      if (placed) return placed;
      state.traceback = null;
    }
    if (startsTraceback(text)) {
      state.record = null;
      const fold: Fold = { id: this.nextFoldId++, lines: 0, cut: 0, exception: null, cause: null };
      state.traceback = { fold, phase: text === PLAIN_TRACEBACK_HEADER ? "frames" : "box", messageLines: 0, tailLines: 0 };
      return this.keep(group, state.traceback, true, null);
    }
    return { kind: "line", cause: this.causeInRecord(state, text) };
  }

  /** Forgets every traceback and record in progress and every seq seen: the log is read again from its start. */
  reset(): void {
    this.groups = new Map();
    this.lastSeqs = new Map();
  }

  /** The placement of `text` in the open traceback, or null when it does not belong there (which ends it). */
  private continueTraceback(group: string, open: OpenFold, text: string): Placement | null {
    switch (open.phase) {
      case "box":
        if (BOX_BOTTOM.test(text)) open.phase = "after-box";
        else if (!BOX_SIDE.test(text)) return null;
        return this.keep(group, open, false, null);
      case "frames":
        if (INDENTED.test(text)) return this.keep(group, open, false, null);
        return this.exceptionLine(group, open, text);
      case "after-box":
        if (text === "") return this.keep(group, open, false, null);
        return this.exceptionLine(group, open, text);
      case "message":
        if (text === "" || CHAIN_WORDS.test(text)) {
          open.phase = "chain";
          return this.keep(group, open, false, null);
        }
        if (open.messageLines >= MAX_MESSAGE_LINES || AFTER_MESSAGE.test(text) || startsTraceback(text) || recordOf(text)) return null;
        open.messageLines++;
        open.fold.exception = `${open.fold.exception} ${text.trim()}`;
        open.fold.cause = causeOf(open.fold.exception);
        return this.keep(group, open, false, "more");
      case "chain":
        if (text === "" || CHAIN_WORDS.test(text)) return this.keep(group, open, false, null);
        if (!startsTraceback(text)) return null;
        open.phase = text === PLAIN_TRACEBACK_HEADER ? "frames" : "box";
        return this.keep(group, open, false, null);
    }
  }

  private exceptionLine(group: string, open: OpenFold, text: string): Placement | null {
    if (!exceptionIn(text)) return null;
    open.phase = "message";
    open.messageLines = 1;
    open.fold.exception = text.trim();
    open.fold.cause = causeOf(open.fold.exception);
    return this.keep(group, open, false, "first");
  }

  /** Counts the line into the fold, at the head while there is room, then in the rolling tail. */
  private keep(group: string, open: OpenFold, opens: boolean, exception: "first" | "more" | null): Placement {
    const fold = open.fold;
    fold.lines++;
    let keep: "head" | "tail" = "head";
    let evicts = false;
    if (fold.lines > FOLD_HEAD_LINES) {
      keep = "tail";
      open.tailLines++;
      if (open.tailLines > FOLD_TAIL_LINES) {
        open.tailLines--;
        fold.cut++;
        evicts = true;
      }
    }
    return { kind: "fold", group, fold, opens, keep, evicts, exception };
  }

  /** The failure `text` names, alone or with the earlier lines of its rich record, unless that record already showed it. */
  private causeInRecord(state: GroupState, text: string): CauseHint | null {
    const record = state.record;
    const continues = record !== null && record.lines.length < MAX_RECORD_LINES && text.startsWith(CONTINUATION_INDENT) && text.trim() !== "" && !recordOf(text);
    if (!continues) {
      const cause = causeOf(text);
      state.record = { lines: [text], labelled: cause?.kind ?? null };
      return cause;
    }
    record.lines.push(text);
    const [first, ...rest] = record.lines;
    const message = [recordOf(first!)?.message ?? first!.trim(), ...rest.map((line) => line.replace(SOURCE_COLUMN, "").trim())].join(" ");
    const cause = causeOf(message);
    if (cause === null || cause.kind === record.labelled) return null;
    record.labelled = cause.kind;
    return cause;
  }
}
