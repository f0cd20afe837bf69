// Drives the log rows: batches incoming lines (one render per FLUSH_INTERVAL_MS at most), follows the end until the user
// scrolls up, counts what arrived meanwhile, pauses, clears, re-filters.
import type { LogEntry } from "../lib/log-types.ts";
import { LogRows, MAX_RENDERED_ROWS } from "./log-rows.ts";

/** At most one render per this interval, however fast lines arrive. */
export const FLUSH_INTERVAL_MS = 250;
/** Within this many pixels of the end counts as "at the end". */
const END_SLACK_PX = 24;

export interface LogViewState {
  following: boolean;
  paused: boolean;
  /** Matching lines not in view: arrived while scrolled up or paused. */
  unseen: number;
  shown: number;
}

export class LogController {
  private pending: LogEntry[] = [];
  /** Matching lines received since the last flush (more than `pending` holds when it was trimmed). */
  private arrived = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = 0;
  private matches: (entry: LogEntry) => boolean = () => true;
  private clearedThrough = 0;
  private state: LogViewState = { following: true, paused: false, unseen: 0, shown: 0 };
  private readonly rows: LogRows;

  constructor(
    private readonly container: HTMLElement,
    private readonly source: () => readonly LogEntry[],
    private readonly onState: (state: LogViewState) => void,
  ) {
    this.rows = new LogRows(container);
  }

  /** New lines from the stream; the view changes at the next flush, never more than once per FLUSH_INTERVAL_MS. */
  receive(entries: readonly LogEntry[]): void {
    for (const entry of entries) {
      if (!this.matches(entry)) continue;
      this.pending.push(entry);
      this.arrived++;
    }
    // Only the newest rows would be rendered anyway; the rows still read the others, so a traceback they start folds.
    if (this.pending.length > MAX_RENDERED_ROWS) this.rows.skip(this.pending.splice(0, this.pending.length - MAX_RENDERED_ROWS));
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlush + FLUSH_INTERVAL_MS - Date.now()));
  }

  /** Shows only lines for which `matches` is true, re-rendering from what the browser holds. */
  setFilter(matches: (entry: LogEntry) => boolean): void {
    this.matches = matches;
    this.pending = [];
    this.arrived = 0;
    this.rows.reset(this.source().filter((entry) => entry.seq > this.clearedThrough && matches(entry)));
    this.emit({ unseen: 0, following: true, shown: this.rows.count });
    this.scrollToEnd();
  }

  setPaused(paused: boolean): void {
    this.emit({ paused });
    if (!paused) this.flush();
  }

  /** Empties the view; lines already received stay out of it (the download still has them). */
  clearView(lastSeq: number): void {
    this.clearedThrough = lastSeq;
    this.rows.skip(this.pending);
    this.pending = [];
    this.arrived = 0;
    this.rows.clear();
    this.emit({ unseen: 0, shown: 0, following: true });
  }

  jumpToEnd(): void {
    if (this.state.paused) this.setPaused(false);
    this.scrollToEnd();
    this.emit({ following: true, unseen: 0 });
  }

  /** Scrolled (by the user, or by this class, which always lands where its state already says): follow at the end only. */
  handleScroll(): void {
    const atEnd = this.container.scrollHeight - this.container.scrollTop - this.container.clientHeight <= END_SLACK_PX;
    if (atEnd !== this.state.following) this.emit(atEnd ? { following: true, unseen: 0 } : { following: false });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    this.lastFlush = Date.now();
    const arrived = this.arrived;
    this.arrived = 0;
    if (this.state.paused) {
      if (arrived > 0) this.emit({ unseen: this.state.unseen + arrived });
      return;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const removedHeight = this.rows.append(batch);
    if (this.state.following) {
      this.scrollToEnd();
      this.emit({ shown: this.rows.count, unseen: 0 });
    } else {
      // Rows removed above would make the text under the reader jump up.
      if (removedHeight > 0) this.scrollBy(-removedHeight);
      this.emit({ unseen: this.state.unseen + arrived, shown: this.rows.count });
    }
  }

  private scrollToEnd(): void {
    this.container.scrollTop = this.container.scrollHeight;
  }

  private scrollBy(delta: number): void {
    this.container.scrollTop += delta;
  }

  private emit(change: Partial<LogViewState>): void {
    this.state = { ...this.state, ...change };
    this.onState(this.state);
  }
}
