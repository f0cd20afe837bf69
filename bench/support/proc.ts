// What /proc says about a process: resident memory, and when it ended (Linux only).
import { readFileSync } from "node:fs";

const EXIT_POLL_MS = 2;
const RSS_SAMPLE_MS = 20;
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

/** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM...); null once the process is gone. */
export function statusKiB(pid: number, field: "VmRSS" | "VmHWM"): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((entry) => entry.startsWith(`${field}:`));
    return line === undefined ? null : Number(line.replace(/\D+/g, ""));
  } catch {
    return null;
  }
}

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] !== "Z";
  } catch {
    return false;
  }
}

/** Resolves with performance.timeOrigin + performance.now() when `pid` ends (polled every EXIT_POLL_MS), or null at the deadline. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!isAlive(pid)) return performance.timeOrigin + performance.now();
    await Bun.sleep(EXIT_POLL_MS);
  }
  return null;
}

/** Samples VmRSS every RSS_SAMPLE_MS until stopped; stop() returns the peak sampled and the kernel's VmHWM. */
export function sampleRss(pid: number): { stop(): { peakRssKiB: number; hwmKiB: number | null } } {
  let peakRssKiB = statusKiB(pid, "VmRSS") ?? 0;
  const timer = setInterval(() => (peakRssKiB = Math.max(peakRssKiB, statusKiB(pid, "VmRSS") ?? 0)), RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return { peakRssKiB: Math.max(peakRssKiB, statusKiB(pid, "VmRSS") ?? 0), hwmKiB: statusKiB(pid, "VmHWM") };
    },
  };
}

/** CPU time (user + system) `pid` has used so far, in ms; null once it is gone. Field 14 and 15 of /proc/<pid>/stat, in clock ticks. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
  } catch {
    return null;
  }
}
