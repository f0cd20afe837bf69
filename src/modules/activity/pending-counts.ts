// Counts and arrival times waiting in memory for the next write: the only thing the log's hot path touches.
import { COUNTER_INDEX, emptyVector, type Counter } from "./counters";
import { ARRIVALS_KEPT, type FlushBatch, type SlotCounts } from "./store";

export class PendingCounts {
  private rows = new Map<string, SlotCounts>();
  /** Per chat; only the last ARRIVALS_KEPT of each are ever written. */
  private arrivals = new Map<string, number[]>();

  add(minute: number, key: string, counter: Counter, amount: number): void {
    const rowKey = `${minute}|${key}`;
    let row = this.rows.get(rowKey);
    if (row === undefined) this.rows.set(rowKey, (row = { slot: minute, chat: key, vector: emptyVector() }));
    row.vector[COUNTER_INDEX[counter]]! += amount;
  }

  arrival(key: string, at: number): void {
    appendCapped(this.arrivals, key, at);
  }

  /** Everything pending, as one batch for the store; empties the pending counts. */
  take(): FlushBatch {
    const arrivals: FlushBatch["arrivals"] = [];
    for (const [chat, times] of this.arrivals) for (const at of times.slice(-ARRIVALS_KEPT)) arrivals.push({ chat, at });
    const batch = { counts: [...this.rows.values()], arrivals };
    this.rows = new Map();
    this.arrivals = new Map();
    return batch;
  }
}

/** Appends `at` to the chat's list, cut back to the last ARRIVALS_KEPT once it holds twice as many (amortised). */
export function appendCapped(lists: Map<string, number[]>, chat: string, at: number): void {
  let list = lists.get(chat);
  if (list === undefined) lists.set(chat, (list = []));
  list.push(at);
  if (list.length >= 2 * ARRIVALS_KEPT) list.splice(0, list.length - ARRIVALS_KEPT);
}
