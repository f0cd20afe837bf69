// One writer at a time for a store's file, inside this process.

/** Runs tasks one after another in the order they were queued; a failing task does not stop the next. */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    // The caller gets the failure through `result`; the queue itself just moves on.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
