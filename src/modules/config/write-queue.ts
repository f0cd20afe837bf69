// One writer at a time per config file, inside this process, however many stores write it.
import { WriteQueue } from "../../utils/write-queue";

export { WriteQueue } from "../../utils/write-queue";

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
