/** Calls every listener with `value`; one that throws is reported as `what` failing and does not stop the others. */
export function notifyAll<T>(listeners: Iterable<(value: T) => void>, value: T, what: string): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      console.error(`${what} failed:`, error);
    }
  }
}
