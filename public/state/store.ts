// A minimal observable value and the hook that re-renders a component when it changes.
import { useEffect, useState } from "preact/hooks";

export class Store<T> {
  private listeners = new Set<(value: T) => void>();

  constructor(private current: T) {}

  get value(): T {
    return this.current;
  }

  set(next: T): void {
    if (Object.is(next, this.current)) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  update(change: (value: T) => T): void {
    this.set(change(this.current));
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The store's value, kept current in the calling component. */
export function useStore<T>(store: Store<T>): T {
  const [, setVersion] = useState(0);
  const rendered = store.value;
  useEffect(() => {
    const unsubscribe = store.subscribe(() => setVersion((version) => version + 1));
    // Effects run a while after the render: a change in between reached no listener, so it is looked for here
    // (else a page could wait for an answer that already came, e.g. "Loading the configuration…" for good).
    if (!Object.is(store.value, rendered)) setVersion((version) => version + 1);
    return unsubscribe;
  }, [store]);
  return rendered;
}
