// The page side of bench/ui-log-render.ts: a LogRows (public/log/log-rows.ts, or another version of it to compare)
// as the Run page uses it, timed per batch in the browser.
import type { LogEntry } from "../../public/lib/log-types.ts";

interface Rows {
  append(entries: readonly LogEntry[]): number;
  clear(): void;
}

declare global {
  interface Window {
    /** Appends `entries` in batches of `batchLines` (as the controller flushes), forcing layout after each; ms per batch. */
    renderBench(entries: LogEntry[], batchLines: number): number[];
  }
}

export function installRenderBench(LogRows: new (container: HTMLElement) => Rows): void {
  window.renderBench = (entries, batchLines) => {
    const container = document.querySelector<HTMLElement>(".log-rows")!;
    const rows = new LogRows(container);
    rows.clear();
    const times: number[] = [];
    for (let start = 0; start < entries.length; start += batchLines) {
      const began = performance.now();
      rows.append(entries.slice(start, start + batchLines));
      void container.scrollHeight; // layout, as following the end does
      times.push(performance.now() - began);
    }
    rows.clear();
    return times;
  };
}
