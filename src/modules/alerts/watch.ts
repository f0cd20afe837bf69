// What happened to one instance, from its supervisor's status changes and its connections' stall states: the events
// worth an alert. A condition that stays (fatal, a login problem, a storm, a stall) is reported once until it clears.
import type { Clock, TimerHandle } from "../process/clock";
import type { SupervisorStatus } from "../process/state";
import { PAST_RUN_FINISHED } from "../../shared/process-words";
import type { AlertEventKind } from "./model";

/** A FloodWait longer than this is an alert (default). */
export const DEFAULT_FLOOD_WAIT_SECONDS = 300;
/** This many unexpected exits within this many minutes is a restart storm (default). */
export const DEFAULT_RESTART_STORM = { restarts: 5, minutes: 15 };
/** Running this long after fatal or backoff is a recovery (default). */
export const DEFAULT_RECOVERED_AFTER_SECONDS = 120;
/** The cause hints that mean the login is the problem (see process/model CauseHintSchema). */
export const LOGIN_HINT_KINDS = new Set(["session-invalid", "session-duplicated", "bot-token-invalid", "api-id-invalid", "login-missing"]);
const MINUTE_MS = 60_000;

export interface WatchThresholds {
  floodWaitSeconds: number;
  restartStorm: { restarts: number; minutes: number };
  recoveredAfterSeconds: number;
}

export interface DetectedEvent {
  kind: AlertEventKind;
  title: string;
  cause: string | null;
  hint: string | null;
  connection: string | null;
  /** tgcf's last lines when the event comes with them (an exit); otherwise the service reads the log. */
  lastLines: string[] | null;
}

export interface ConnectionStallState {
  connection: string;
  stalled: boolean;
  silentForSeconds: number | null;
}

export class InstanceWatch {
  private lastExitAt: string | null;
  private exitTimes: number[] = [];
  /** Fatal or backoff was seen since the last healthy run. */
  private troubled = false;
  /** Conditions reported and not yet cleared: fatal, login, storm, stall:<connection>. */
  private readonly open = new Set<string>();
  private recoveryTimer: TimerHandle | null = null;

  constructor(
    initial: SupervisorStatus,
    private readonly clock: Clock,
    private readonly thresholds: () => WatchThresholds,
    private readonly emit: (event: DetectedEvent) => void,
    /** The status now (a recovery is confirmed against it). */
    private readonly currentStatus: () => SupervisorStatus,
  ) {
    // An exit from before the watch began is old news.
    this.lastExitAt = initial.lastExit?.at ?? null;
  }

  /** Feeds a status change. */
  onStatus(status: SupervisorStatus): void {
    const exitAt = status.lastExit?.at ?? null;
    if (exitAt !== null && exitAt !== this.lastExitAt) {
      this.lastExitAt = exitAt;
      this.onExit(status);
    }
    if (status.state === "fatal" || status.state === "backoff") this.troubled = true;
    if (status.state === "stopped") {
      // A person stopped it: whatever was wrong is theirs to look at; the next problem is news again.
      this.troubled = false;
      this.open.clear();
    }
    if (status.state === "running" && this.troubled) this.scheduleRecovery(status.startTime);
    else this.cancelRecovery();
  }

  /** Feeds the connections' stall states (polled). */
  onStalls(connections: readonly ConnectionStallState[]): void {
    for (const { connection, stalled, silentForSeconds } of connections) {
      const key = `stall:${connection}`;
      if (!stalled) {
        this.open.delete(key);
        continue;
      }
      const minutes = silentForSeconds === null ? null : Math.round(silentForSeconds / 60);
      this.raise(key, {
        kind: "connection-stalled",
        title: `connection "${connection}" stalled${minutes === null ? "" : `: its source has been silent for ${minutes} min`}`,
        cause: "a usually active source went quiet",
        hint: "check that the source chat still posts and that tgcf's account can still read it",
        connection,
        lastLines: null,
      });
    }
  }

  close(): void {
    this.cancelRecovery();
  }

  private onExit(status: SupervisorStatus): void {
    const exit = status.lastExit!;
    const unexpected = status.state === "backoff" || status.state === "fatal" || (status.state === "exited" && exit.reason !== PAST_RUN_FINISHED);
    if (!unexpected) return;
    const { floodWaitSeconds, restartStorm } = this.thresholds();
    const now = this.clock.now();
    this.exitTimes = [...this.exitTimes.filter((at) => now - at < restartStorm.minutes * MINUTE_MS), now];
    const hint = exit.cause?.hint ?? null;
    const base = { cause: exit.cause?.text ?? exit.reason, hint: hint?.hint ?? null, connection: null, lastLines: exit.lastLines };
    let specific = false;
    if (hint && LOGIN_HINT_KINDS.has(hint.kind)) {
      specific = true;
      this.raise("login", { ...base, kind: "login-problem", title: `login problem (${hint.kind}): tgcf cannot sign in to Telegram` });
    }
    if (hint?.kind === "flood-wait" && (hint.waitSeconds ?? 0) > floodWaitSeconds) {
      specific = true;
      this.raise(null, { ...base, kind: "flood-wait", title: `Telegram asked to wait ${hint.waitSeconds} s (FloodWait) before tgcf starts again` });
    }
    if (status.state === "fatal") {
      this.raise("fatal", { ...base, kind: "fatal", title: `gave up restarting tgcf (fatal): ${exit.reason}` });
    } else if (!specific) {
      const next = status.nextStartAt ? `; restarting at ${status.nextStartAt}` : "";
      this.raise(null, { ...base, kind: "unexpected-exit", title: `tgcf exited unexpectedly${next}` });
    }
    if (this.exitTimes.length >= restartStorm.restarts) {
      this.raise("storm", { ...base, kind: "restart-storm", title: `restart storm: ${this.exitTimes.length} unexpected exits within ${restartStorm.minutes} min` });
    }
  }

  private raise(condition: string | null, event: DetectedEvent): void {
    if (condition !== null) {
      if (this.open.has(condition)) return;
      this.open.add(condition);
    }
    this.emit(event);
  }

  private scheduleRecovery(startTime: string | null): void {
    if (this.recoveryTimer !== null) return;
    const seconds = this.thresholds().recoveredAfterSeconds;
    this.recoveryTimer = this.clock.setTimeout(() => {
      this.recoveryTimer = null;
      const now = this.currentStatus();
      if (now.state !== "running" || now.startTime !== startTime || !this.troubled) return;
      this.troubled = false;
      this.exitTimes = [];
      // Stalls are about connections, not this run: they clear on their own.
      for (const key of [...this.open]) if (!key.startsWith("stall:")) this.open.delete(key);
      this.emit({ kind: "recovered", title: `recovered: tgcf has been running again for ${seconds} s`, cause: null, hint: null, connection: null, lastLines: null });
    }, seconds * 1000);
  }

  private cancelRecovery(): void {
    if (this.recoveryTimer === null) return;
    this.clock.clearTimeout(this.recoveryTimer);
    this.recoveryTimer = null;
  }
}
