// Asking the activity API again and again while a page shows it: one request at a time, none while the tab is
// hidden, none after the component is gone.
import { useEffect, useState } from "preact/hooks";
import { fetchActivity, type ActivityReport } from "../api/activity.ts";
import { ApiFailure } from "../api/http.ts";

/** How often the counters, stalls and past-mode progress are asked for. */
export const ACTIVITY_POLL_MS = 3_000;
/** The counters' poll asks for the smallest series there is: the chart asks for its own. */
const COUNTERS_ONLY_RANGE_MS = 60_000;
const COUNTERS_ONLY_STEP_SECONDS = 60;

export interface Polled<T> {
  value: T | null;
  /** Why the last request failed, or null. */
  error: string | null;
  /** A request for a new `key` is under way (the value shown is still the previous key's). */
  loading: boolean;
}

/**
 * `load()` now and every `intervalMs` after each answer, while `enabled`. A new `key` asks at once and drops any
 * answer still coming for the old one.
 */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number, key: string, enabled = true): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ value: null, error: null, loading: enabled });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((previous) => ({ ...previous, loading: true }));
    const ask = async () => {
      if (document.visibilityState !== "hidden") {
        try {
          const value = await load();
          if (live) setState({ value, error: null, loading: false });
        } catch (error) {
          if (live) setState((previous) => ({ ...previous, error: error instanceof ApiFailure ? error.message : String(error), loading: false }));
        }
      }
      if (live) timer = setTimeout(ask, intervalMs);
    };
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `load` is rebuilt every render; `key` says when it asks something else.
  }, [key, intervalMs, enabled]);
  return state;
}

/** The report with its counters, stalls and past-mode progress (and a series of a minute or two). */
export function fetchCounters(): Promise<ActivityReport> {
  const now = Date.now();
  return fetchActivity({ from: new Date(now - COUNTERS_ONLY_RANGE_MS).toISOString(), to: new Date(now).toISOString(), step: COUNTERS_ONLY_STEP_SECONDS });
}

/** This instance's counters, stalls and past-mode progress, asked every ACTIVITY_POLL_MS while `enabled`. */
export function useActivityCounters(enabled = true): Polled<ActivityReport> {
  return usePoll(fetchCounters, ACTIVITY_POLL_MS, "counters", enabled);
}
