import { describe, expect, test } from "bun:test";
import { DEFAULT_RING_CAPACITY, RingBuffer, SeqRingBuffer } from "../../../src/modules/logs/ring-buffer";

describe("RingBuffer", () => {
  test("keeps the newest `capacity` items in order after wrapping around several times", () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 10; i++) ring.push(i);
    expect(ring.length).toBe(3);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.oldest()).toBe(8);
    expect(ring.newest()).toBe(10);
    expect(ring.at(1)).toBe(9);
    expect(ring.at(3)).toBeUndefined();
  });

  test("last(n) gives the newest n, oldest first, and everything when n exceeds the length", () => {
    const ring = new RingBuffer<string>(4);
    for (const item of ["a", "b", "c", "d", "e", "f"]) ring.push(item);
    expect(ring.last(2)).toEqual(["e", "f"]);
    expect(ring.last(99)).toEqual(["c", "d", "e", "f"]);
    expect(ring.last(0)).toEqual([]);
  });

  test("defaults to DEFAULT_RING_CAPACITY and refuses a capacity below 1", () => {
    expect(new RingBuffer<number>().capacity).toBe(DEFAULT_RING_CAPACITY);
    expect(() => new RingBuffer<number>(0)).toThrow(RangeError);
  });

  test("clear empties it", () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.clear();
    expect(ring.toArray()).toEqual([]);
    expect(ring.oldest()).toBeUndefined();
  });
});

describe("SeqRingBuffer.since", () => {
  const ringWithSeqs = (capacity: number, seqs: number[]) => {
    const ring = new SeqRingBuffer<{ seq: number }>(capacity);
    for (const seq of seqs) ring.push({ seq });
    return ring;
  };
  const seqsOf = (items: { seq: number }[]) => items.map((item) => item.seq);

  test("returns the items after a seq, across the wraparound point", () => {
    const ring = ringWithSeqs(5, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seqsOf(ring.since(5))).toEqual([6, 7, 8]);
    expect(seqsOf(ring.since(0))).toEqual([4, 5, 6, 7, 8]);
    expect(seqsOf(ring.since(8))).toEqual([]);
    expect(seqsOf(ring.since(100))).toEqual([]);
  });

  test("finds the right place when seqs have holes", () => {
    const ring = ringWithSeqs(10, [3, 7, 8, 20]);
    expect(seqsOf(ring.since(5))).toEqual([7, 8, 20]);
    expect(seqsOf(ring.since(8))).toEqual([20]);
    expect(ring.indexAfter(2)).toBe(0);
  });
});
