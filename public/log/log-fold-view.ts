// A folded traceback on the page: a <details> whose summary is the usual row showing the exception, and whose body
// holds the traceback's lines (its first FOLD_HEAD_LINES, a note of how many were cut, then a rolling tail).
import type { Fold, Placement } from "../lib/log-fold.ts";
import type { LogEntry } from "../lib/log-types.ts";
import { causeHint, causeTag } from "./log-cause-view.ts";

type FoldPlacement = Extract<Placement, { kind: "fold" }>;

export class FoldView {
  readonly element: HTMLDetailsElement;
  private readonly summaryText: HTMLElement;
  private readonly head = document.createElement("div");
  private readonly tail = document.createElement("div");
  private readonly cutNote = document.createElement("p");
  private readonly hintSlot = document.createElement("div");
  /** The summary's line(s): the header until the exception comes, then the exception and its message's lines. */
  private summaryLines: string[];
  private summaryDrawn = false;
  private readonly count = document.createElement("span");
  private causeKey: string | null = null;
  /** Line elements in the body now. */
  shown = 0;

  /**
   * Turns `row` (the usual row of the fold's first line here, as the log's row builder made it) into the fold's
   * summary. A fold whose earlier lines were never drawn here (skipped in a flood, or cleared) counts them as cut.
   */
  constructor(
    row: HTMLElement,
    first: LogEntry,
    readonly id: number,
    private readonly instance: string,
    private readonly appendText: (parent: HTMLElement, line: string) => void,
  ) {
    this.element = document.createElement("details");
    this.element.className = `${row.className} log-fold`;
    Object.assign(this.element.dataset, row.dataset);
    const summary = document.createElement("summary");
    summary.className = "log-fold-summary";
    summary.append(...row.childNodes);
    this.summaryText = summary.querySelector(".log-text") ?? summary;
    this.summaryLines = [first.line];
    const body = document.createElement("div");
    body.className = "log-fold-body";
    // It scrolls sideways (a 200-column box): the keyboard must reach it.
    body.tabIndex = 0;
    body.setAttribute("role", "group");
    body.setAttribute("aria-label", "Lines of the traceback");
    this.head.className = this.tail.className = "log-fold-lines";
    this.cutNote.className = "log-fold-cut";
    this.cutNote.hidden = true;
    this.hintSlot.className = "log-fold-hint";
    body.append(this.hintSlot, this.head, this.cutNote, this.tail);
    this.count.className = "log-fold-count";
    this.element.append(summary, body);
  }

  /** Adds `entry` as `placement` says, and brings the summary up to date. */
  add(entry: LogEntry, placement: FoldPlacement): void {
    const line = document.createElement("div");
    line.className = "log-fold-line";
    this.appendText(line, entry.line);
    (placement.keep === "head" ? this.head : this.tail).append(line);
    this.shown++;
    if (placement.evicts && this.tail.firstElementChild) {
      this.tail.firstElementChild.remove();
      this.shown--;
    }
    if (placement.exception === "first") this.summaryLines = [entry.line];
    else if (placement.exception === "more") this.summaryLines.push(entry.line);
    if (placement.exception !== null) this.summaryDrawn = false;
    this.update(placement.fold);
  }

  private update(fold: Readonly<Fold>): void {
    const notShown = fold.lines - this.shown;
    this.cutNote.hidden = notShown === 0;
    if (notShown > 0) this.cutNote.textContent = `… ${notShown} ${notShown === 1 ? "line" : "lines"} of this traceback cut here (the full log has them)`;
    this.count.textContent = ` (traceback, ${fold.lines} ${fold.lines === 1 ? "line" : "lines"}${fold.exception === null ? " so far" : ""})`;
    const causeKey = fold.cause ? `${fold.cause.kind} ${fold.cause.waitSeconds ?? ""}` : null;
    if (this.summaryDrawn && causeKey === this.causeKey) return;
    this.summaryDrawn = true;
    this.causeKey = causeKey;
    const marker = document.createElement("span");
    marker.className = "log-fold-marker";
    marker.setAttribute("aria-hidden", "true");
    marker.textContent = "▸";
    this.summaryText.replaceChildren(marker);
    this.summaryLines.forEach((line, index) => {
      if (index > 0) this.summaryText.append(" ");
      this.appendText(this.summaryText, line);
    });
    this.summaryText.append(this.count);
    if (fold.cause) this.summaryText.append(" ", causeTag(fold.cause));
    this.hintSlot.replaceChildren(...(fold.cause ? [causeHint(fold.cause, this.instance, "p")] : []));
  }
}
