// Log lines as DOM rows, built directly (no virtual DOM diff) and bounded, so thousands of lines a second stay smooth.
import { neutralisedRuns } from "../../src/shared/untrusted-text.ts";
import { parseAnsi } from "../lib/ansi.ts";
import { formatClock } from "../lib/format.ts";
import { tidyPadding } from "../lib/log-display.ts";
import { NEWLINE_MARK, type LogEntry, type LogStreamName } from "../lib/log-types.ts";
import "./stop-answer.css";

/** Rows kept in the page; older ones are removed as new ones arrive (all lines stay downloadable). */
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
  const multiLine = entry.stream === "system";
  for (const segment of tidyPadding(parseAnsi(entry.line))) {
    appendText(text, multiLine ? segment.text.replaceAll(NEWLINE_MARK, "\n") : segment.text, segment.classes);
  }
  row.append(time, " ", stream, " ", text);
  return row;
}

export class LogRows<Entry extends LogEntry = LogEntry> {
  /** `buildRow` (default rowFor) lets a view add to each row, as the merged log adds the instance's name. */
  constructor(
    private readonly container: HTMLElement,
    private readonly maxRows = MAX_RENDERED_ROWS,
    private readonly buildRow: (entry: Entry) => HTMLElement = rowFor,
  ) {}

  /** Adds rows at the end and drops the oldest beyond the limit; returns the height removed above (to keep the view still). */
  append(entries: readonly Entry[]): number {
    const fresh = entries.length > this.maxRows ? entries.slice(-this.maxRows) : entries;
    const fragment = document.createDocumentFragment();
    for (const entry of fresh) fragment.append(this.buildRow(entry));
    this.container.append(fragment);
    const excess = this.container.childElementCount - this.maxRows;
    if (excess <= 0) return 0;
    const before = this.container.scrollHeight;
    for (let i = 0; i < excess; i++) this.container.firstElementChild?.remove();
    return before - this.container.scrollHeight;
  }

  /** Replaces every row with `entries` (the newest `maxRows` of them). */
  reset(entries: readonly Entry[]): void {
    this.clear();
    this.append(entries);
  }

  clear(): void {
    this.container.replaceChildren();
  }

  get count(): number {
    return this.container.childElementCount;
  }
}
