// Fixed-capacity buffers that keep the newest items: the in-memory log of a tgcf instance.

export const DEFAULT_RING_CAPACITY = 5_000;

/** Keeps the last `capacity` items pushed; push is O(1), the oldest item is overwritten. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  /** Index in `items` of the oldest item. */
  private head = 0;
  private count = 0;

  /** `capacity` defaults to DEFAULT_RING_CAPACITY. */
  constructor(readonly capacity = DEFAULT_RING_CAPACITY) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count++;
    } else {
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** The item `index` places after the oldest (0 = oldest), or undefined outside 0..length-1. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) % this.capacity];
  }

  oldest(): T | undefined {
    return this.at(0);
  }

  newest(): T | undefined {
    return this.at(this.count - 1);
  }

  /** Items from index `start` (0 = oldest) to the newest, oldest first. */
  slice(start: number): T[] {
    const from = Math.max(0, Math.min(start, this.count));
    const result = new Array<T>(this.count - from);
    for (let i = from; i < this.count; i++) result[i - from] = this.items[(this.head + i) % this.capacity] as T;
    return result;
  }

  toArray(): T[] {
    return this.slice(0);
  }

  /** The newest `n` items, oldest first. */
  last(n: number): T[] {
    return this.slice(this.count - Math.max(0, Math.floor(n)));
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}

/** A ring of items pushed in increasing `seq` order, so lookups by seq are binary searches. */
export class SeqRingBuffer<T extends { readonly seq: number }> extends RingBuffer<T> {
  /** Index of the first item with seq > `seq` (length when there is none). */
  indexAfter(seq: number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.at(middle)!.seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Items with seq greater than `seq`, oldest first. */
  since(seq: number): T[] {
    return this.slice(this.indexAfter(seq));
  }
}
