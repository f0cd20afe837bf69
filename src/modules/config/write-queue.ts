// One writer at a time per config file, inside this process.

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

const queuesByFile = new Map<string, WriteQueue>();

/** The queue for a file path, shared by every store of this process that writes it. */
export function writeQueueFor(path: string): WriteQueue {
  let queue = queuesByFile.get(path);
  if (!queue) {
    queue = new WriteQueue();
    queuesByFile.set(path, queue);
  }
  return queue;
}
