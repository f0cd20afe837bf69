// The current time, refreshed every `intervalMs` while `active` (uptime counters).
import { useEffect, useState } from "preact/hooks";

export const CLOCK_TICK_MS = 1_000;

export function useNow(active: boolean, intervalMs = CLOCK_TICK_MS): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
