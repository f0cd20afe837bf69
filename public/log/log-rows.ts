// Log lines as DOM rows, built directly (no virtual DOM diff) and bounded, so thousands of lines a second stay smooth.
// Tracebacks fold into one row each, and known failures carry their cause (decided by lib/log-fold.ts).
import { neutralisedRuns } from "../../src/shared/untrusted-text.ts";
import { parseAnsi, type AnsiSegment } from "../lib/ansi.ts";
import { formatClock } from "../lib/format.ts";
import { tidyPadding } from "../lib/log-display.ts";
import { LogFolder, sourceOfEntry, type Placement } from "../lib/log-fold.ts";
import { NEWLINE_MARK, type LogEntry, type LogStreamName } from "../lib/log-types.ts";
import { addCause, toggleCauseHint } from "./log-cause-view.ts";
import { FoldView } from "./log-fold-view.ts";
import { copyWholeFolds } from "./log-copy.ts";
import "./stop-answer.css";

/** Lines kept in the page (a folded traceback counts each line it shows); older rows are removed as new ones arrive (all lines stay downloadable). */
export const MAX_RENDERED_ROWS = 2_000;

const STREAM_TAGS: Record<LogStreamName, string> = { stdout: "out", stderr: "err", system: "sys" };
/** Marks where a bidi or line-separator control was (shown as "<U+202E>"), so it is not taken for typed text. */
const CONTROL_CLASS = "text-control";

/** Appends `text` in the style `classes`, each bidi or line-separator control as a marker of its own. */
function appendText(parent: HTMLElement, text: string, classes: readonly string[]): void {
  for (const run of neutralisedRuns(text)) {
    if (run.control === null && classes.length === 0) {
      parent.append(run.text);
      continue;
    }
    const span = document.createElement("span");
    span.className = (run.control === null ? classes : [...classes, CONTROL_CLASS]).join(" ");
    if (run.control !== null) span.title = run.control;
    span.textContent = run.text;
    parent.append(span);
  }
}

function appendSegments(parent: HTMLElement, segments: readonly AnsiSegment[], multiLine = false): void {
  for (const segment of segments) appendText(parent, multiLine ? segment.text.replaceAll(NEWLINE_MARK, "\n") : segment.text, segment.classes);
}

/** A traceback's line as tgcf laid it out (rich's box keeps its shape; its frame scrolls sideways). */
function appendTracebackLine(parent: HTMLElement, line: string): void {
  appendSegments(parent, parseAnsi(line.trimEnd()));
}

/** tgcf prints this on stderr when it gets SIGINT, which only a requested stop sends: an answer, not an error. */
const STOP_ANSWER = "Aborted.";

/** One line as a row: time, stream tag, text (its colours from ANSI codes, controls marked). */
export function rowFor(entry: LogEntry): HTMLElement {
  const row = document.createElement("div");
  const quiet = entry.stream === "stderr" && entry.line.replace(/\x1b\[[0-9;]*m/g, "").trim() === STOP_ANSWER;
  row.className = quiet ? "log-row stream-stderr stop-answer" : `log-row stream-${entry.stream}`;
  row.dataset.seq = String(entry.seq);
  const time = document.createElement("time");
  time.className = "log-time";
  time.dateTime = entry.ts;
  time.title = entry.ts;
  time.textContent = formatClock(entry.ts);
  const stream = document.createElement("span");
  stream.className = "log-stream";
  stream.textContent = STREAM_TAGS[entry.stream] ?? entry.stream;
  const text = document.createElement("span");
  text.className = "log-text";
  // Only the server's own messages join lines with NEWLINE_MARK: in tgcf's output it is just a character, or a
  // line printing it could pass for two.
  appendSegments(text, tidyPadding(parseAnsi(entry.line)), entry.stream === "system");
  row.append(time, " ", stream, " ", text);
  return row;
}

/** Containers whose tag buttons and copy are handled already (a view may build its LogRows again on the same one). */
const handledContainers = new WeakSet<HTMLElement>();

export class LogRows<Entry extends LogEntry = LogEntry> {
  private readonly folder: LogFolder;
  /** The traceback view each source and stream may still add lines to. */
  private readonly openFolds = new Map<string, FoldView>();
  private readonly foldOfElement = new WeakMap<Element, FoldView>();
  /** Lines in the page: rows, and each line a folded traceback shows. */
  private lines = 0;

  /**
   * `buildRow` (default rowFor) lets a view add to each row, as the merged log adds the instance's name. `sourceOf`
   * (default: the entry's `instance`, or "") keeps tracebacks of different instances apart.
   */
  constructor(
    private readonly container: HTMLElement,
    private readonly maxRows = MAX_RENDERED_ROWS,
    private readonly buildRow: (entry: Entry) => HTMLElement = rowFor,
    private readonly sourceOf: (entry: LogEntry) => string = sourceOfEntry,
  ) {
    this.folder = new LogFolder(sourceOf);
    if (!handledContainers.has(container)) {
      handledContainers.add(container);
      container.addEventListener("click", toggleCauseHint);
      container.addEventListener("copy", copyWholeFolds);
    }
  }

  /** Adds rows at the end and drops the oldest beyond the limit; returns the height removed above (to keep the view still). */
  append(entries: readonly Entry[]): number {
    const placements = entries.map((entry) => this.folder.place(entry));
    // Only the newest maxRows lines could stay: older ones are placed (a traceback they start goes on) but not drawn.
    let from = entries.length;
    for (let drawn = 0; from > 0 && drawn < this.maxRows; from--) if (placements[from - 1]!.kind !== "duplicate") drawn++;
    const fragment = document.createDocumentFragment();
    for (let index = from; index < entries.length; index++) this.draw(entries[index]!, placements[index]!, fragment);
    this.container.append(fragment);
    if (this.lines <= this.maxRows) return 0;
    const before = this.container.scrollHeight;
    while (this.lines > this.maxRows && this.container.firstElementChild) {
      const oldest = this.container.firstElementChild;
      const fold = this.foldOfElement.get(oldest);
      this.lines -= 1 + (fold?.shown ?? 0);
      // A traceback that goes on after its row left starts a row of its own (which says what it no longer shows).
      if (fold) for (const [group, view] of this.openFolds) if (view === fold) this.openFolds.delete(group);
      oldest.remove();
    }
    return before - this.container.scrollHeight;
  }

  /** Lines that will never be drawn (dropped while the view was paused): read, so a traceback they start still folds. */
  skip(entries: readonly Entry[]): void {
    for (const entry of entries) this.folder.place(entry);
  }

  /** Replaces every row with `entries` (the newest `maxRows` lines of them), read from the start. */
  reset(entries: readonly Entry[]): void {
    this.clear();
    this.folder.reset();
    this.append(entries);
  }

  /** Removes every row; lines that come next still continue a traceback in progress. */
  clear(): void {
    this.container.replaceChildren();
    this.openFolds.clear();
    this.lines = 0;
  }

  get count(): number {
    return this.container.childElementCount;
  }

  private draw(entry: Entry, placement: Placement, into: DocumentFragment): void {
    if (placement.kind === "duplicate") return;
    if (placement.kind === "line") {
      const row = this.buildRow(entry);
      if (placement.cause) addCause(row, placement.cause, this.sourceOf(entry));
      into.append(row);
      this.lines++;
      return;
    }
    let view = this.openFolds.get(placement.group);
    if (!view || view.id !== placement.fold.id) {
      view = new FoldView(this.buildRow(entry), entry, placement.fold.id, this.sourceOf(entry), appendTracebackLine);
      this.openFolds.set(placement.group, view);
      this.foldOfElement.set(view.element, view);
      into.append(view.element);
      this.lines++;
    }
    const shownBefore = view.shown;
    view.add(entry, placement);
    this.lines += view.shown - shownBefore;
  }
}
