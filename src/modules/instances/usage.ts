// CPU and memory of each tgcf process group, read from /proc (Linux; elsewhere nulls).
import { readdirSync, readFileSync } from "node:fs";
import { HAS_PROC } from "../process/proc";

/** Linux's USER_HZ and page size on every architecture Docker images run on. */
const CLOCK_TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

interface GroupSample {
  ticks: number;
  rssBytes: number;
}

/** utime+stime and resident memory summed over each process group, by group id. */
function sampleGroups(): Map<number, GroupSample> {
  const groups = new Map<number, GroupSample>();
  if (!HAS_PROC) return groups;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let raw: string;
    try {
      raw = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    const fields = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
    // After the command: state(3) ppid(4) pgrp(5) … utime(14) stime(15) … rss(24), counted from field 3 at index 0.
    const pgrp = Number(fields[2]);
    const sample = groups.get(pgrp) ?? { ticks: 0, rssBytes: 0 };
    sample.ticks += Number(fields[11]) + Number(fields[12]);
    sample.rssBytes += Number(fields[21]) * PAGE_BYTES;
    groups.set(pgrp, sample);
  }
  return groups;
}

/** Remembers the last sample of each group so that CPU is a rate between two looks. */
export class GroupUsage {
  private previous = new Map<number, { ticks: number; at: number }>();

  /** cpuPercent (100 = one core) and rssBytes of the groups led by `pids`; nulls for a pid without a group. */
  read(pids: ReadonlyArray<{ pid: number | null; uptimeSeconds: number }>): Array<{ cpuPercent: number | null; rssBytes: number | null }> {
    const groups = sampleGroups();
    const now = Date.now();
    const next = new Map<number, { ticks: number; at: number }>();
    const result = pids.map(({ pid, uptimeSeconds }) => {
      const sample = pid === null ? undefined : groups.get(pid);
      if (pid === null || !sample) return { cpuPercent: null, rssBytes: null };
      const before = this.previous.get(pid);
      const seconds = before ? (now - before.at) / 1000 : uptimeSeconds;
      const ticks = before ? sample.ticks - before.ticks : sample.ticks;
      next.set(pid, { ticks: sample.ticks, at: now });
      const cpuPercent = seconds > 0 ? Math.max(0, Math.round((ticks / CLOCK_TICKS_PER_SECOND / seconds) * 1000) / 10) : 0;
      return { cpuPercent, rssBytes: sample.rssBytes };
    });
    this.previous = next;
    return result;
  }
}
