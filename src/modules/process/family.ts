// Every process one tgcf run started, wherever it went (another group, another session, another parent),
// so that a stop ends all of them and not only tgcf's process group.
import { resolve } from "node:path";
import { environmentOf, hasExited, HAS_PROC, listProcesses, readProcessStat, type ProcessStat } from "./proc";
import { isGroupAlive, signalGroup, signalProcess } from "./signals";
import { reapChild } from "./subreaper";

/**
 * Set in tgcf's environment, inherited by all it starts: it finds a process that left tgcf's group,
 * session and parent chain, even after the server that started tgcf died (Jenkins' ProcessTreeKiller
 * marks a build's processes the same way). Its value is the data dir: one tgcf per data dir.
 */
export const FAMILY_TAG_VARIABLE = "TGCF_SUPERVISOR_TAG";
/** The kernel's thread spawner: its children are kernel threads, never ours. */
const KTHREADD_PID = 2;
/** How often a running tgcf's family is looked at, to know its members before they cut every link to it; ~1 ms a look. */
export const TRACK_INTERVAL_MS = 1_000;

/** The tag of the tgcf that runs in `dataDir`. */
export function familyTagOf(dataDir: string): string {
  return resolve(dataDir);
}

/** tgcf and everything it started: what a stop must end. */
export interface ProcessFamily {
  /** Sends `signal` to every member: once to the leader's group, by pid to the members outside it. */
  signal(signal: NodeJS.Signals): void;
  /** Pids of the members that can still run; zombies do not count. */
  alivePids(): number[];
  /** Reaps members that ended as this server's children (orphans it adopted as a subreaper); Bun reaps only what it spawned. */
  reapZombies(): void;
}

/**
 * The family of `leader` (null: none) and `tag` (null: none), read from /proc or, without it, its group
 * alone. A leader's family is tracked every TRACK_INTERVAL_MS for as long as any member lives.
 */
export function systemFamilyOf(leader: number | null, tag: string | null): ProcessFamily {
  if (!HAS_PROC) return new GroupFamily(leader);
  const family = new ProcFamily(leader, tag);
  if (leader !== null) family.trackEvery(TRACK_INTERVAL_MS);
  return family;
}

/**
 * Members, found again at every look: the leader, whatever is in its group or session, whatever carries
 * the tag, any process seen as a member before (pid and start time), and all their descendants.
 */
export class ProcFamily implements ProcessFamily {
  /** pid → start time of every member at the last look: a member stays one after its parent dies or it calls setsid(). */
  private members = new Map<number, number>();
  /** pid → start time of processes whose environment has no tag, so each is read once. */
  private untagged = new Map<number, number>();
  private readonly leaderStartTime: number | null;
  private readonly tagEntry: string | null;
  /**
   * No process holds the leader's pid as its pid, group or session any more, so the kernel may give it to
   * another program: from then on only the tag and the members already seen count, and the group is not signalled.
   */
  private leaderIdsFree: boolean;
  private tracker: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly leader: number | null,
    tag: string | null,
  ) {
    this.leaderStartTime = leader === null ? null : (readProcessStat(leader)?.startTime ?? null);
    this.leaderIdsFree = this.leaderStartTime === null;
    // A server that itself carries the tag would pass it to all its children: then it tells nothing.
    this.tagEntry = tag === null || process.env[FAMILY_TAG_VARIABLE] === tag ? null : `${FAMILY_TAG_VARIABLE}=${tag}`;
  }

  signal(signal: NodeJS.Signals): void {
    const alive = this.look().filter((stat) => !hasExited(stat));
    // One signal per process: tgcf answers a second SIGINT during its shutdown with a traceback.
    const groupSignalled = this.leader !== null && !this.leaderIdsFree && signalGroup(this.leader, signal);
    for (const stat of alive) {
      if (!(groupSignalled && stat.pgrp === this.leader)) signalProcess(stat.pid, signal);
    }
  }

  alivePids(): number[] {
    return this.look()
      .filter((stat) => !hasExited(stat))
      .map((stat) => stat.pid);
  }

  reapZombies(): void {
    this.reapAmong(this.look());
  }

  /**
   * Looks every `intervalMs` until no member is left, so that a member is known before it cuts every
   * link to the leader (its parent dies, it calls setsid(), its environment is empty), and members
   * that die as our children are reaped, also those a stop found not ready yet. The timer never keeps the server alive.
   */
  trackEvery(intervalMs: number): void {
    if (this.tracker !== null) return;
    this.tracker = setInterval(() => {
      try {
        const members = this.look();
        const unreaped = this.reapAmong(members);
        if (unreaped === 0 && members.every(hasExited)) this.stopTracking();
      } catch (error) {
        this.stopTracking();
        console.error("tracking the processes tgcf started failed:", error);
      }
    }, intervalMs);
    this.tracker.unref();
  }

  stopTracking(): void {
    if (this.tracker !== null) clearInterval(this.tracker);
    this.tracker = null;
  }

  /** Pids of the members at the last look, without looking again. */
  seenPids(): number[] {
    return [...this.members.keys()];
  }

  /** Reaps the members that are our zombies; returns how many are not ready yet (threads still exiting). */
  private reapAmong(members: ProcessStat[]): number {
    let pending = 0;
    for (const stat of members) {
      // Never the leader: it is Bun's child, and Bun must see its exit status.
      if (hasExited(stat) && stat.ppid === process.pid && stat.pid !== this.leader && reapChild(stat.pid) === "pending") pending++;
    }
    return pending;
  }

  /** Reads /proc and returns the members now, zombies included. */
  private look(): ProcessStat[] {
    const processes = listProcesses().filter((stat) => stat.pid !== process.pid && stat.pid > KTHREADD_PID && stat.ppid !== KTHREADD_PID);
    this.checkLeaderIds(processes);
    const found = new Map<number, ProcessStat>();
    for (const stat of processes) {
      if (this.members.get(stat.pid) === stat.startTime || this.isLeaderRelative(stat) || this.carriesTag(stat)) found.set(stat.pid, stat);
    }
    const childrenOf = new Map<number, ProcessStat[]>();
    for (const stat of processes) {
      const siblings = childrenOf.get(stat.ppid);
      if (siblings) siblings.push(stat);
      else childrenOf.set(stat.ppid, [stat]);
    }
    const queue = [...found.values()];
    for (let parent = queue.pop(); parent !== undefined; parent = queue.pop()) {
      for (const child of childrenOf.get(parent.pid) ?? []) {
        if (found.has(child.pid)) continue;
        found.set(child.pid, child);
        queue.push(child);
      }
    }
    this.members = new Map([...found.values()].map((stat) => [stat.pid, stat.startTime]));
    const present = new Set(processes.map((stat) => stat.pid));
    for (const pid of this.untagged.keys()) if (!present.has(pid)) this.untagged.delete(pid);
    return [...found.values()];
  }

  private checkLeaderIds(processes: ProcessStat[]): void {
    if (this.leaderIdsFree) return;
    const reused = processes.some((stat) => stat.pid === this.leader && stat.startTime !== this.leaderStartTime);
    const held = processes.some((stat) => this.isLeaderRelative(stat));
    if (reused || !held) this.leaderIdsFree = true;
  }

  private isLeaderRelative(stat: ProcessStat): boolean {
    if (this.leaderIdsFree || this.leader === null) return false;
    if (stat.pid === this.leader) return stat.startTime === this.leaderStartTime;
    return stat.pgrp === this.leader || stat.session === this.leader;
  }

  private carriesTag(stat: ProcessStat): boolean {
    if (this.tagEntry === null || this.untagged.get(stat.pid) === stat.startTime) return false;
    const environment = environmentOf(stat.pid);
    if (environment !== null && `\0${environment}\0`.includes(`\0${this.tagEntry}\0`)) return true;
    this.untagged.set(stat.pid, stat.startTime);
    return false;
  }
}

/** Without /proc (macOS): the leader's process group, as far as kill(-pgid) reaches. */
class GroupFamily implements ProcessFamily {
  constructor(private readonly leader: number | null) {}

  signal(signal: NodeJS.Signals): void {
    if (this.leader !== null) signalGroup(this.leader, signal);
  }

  alivePids(): number[] {
    return this.leader !== null && isGroupAlive(this.leader) ? [this.leader] : [];
  }

  reapZombies(): void {}
}
