// What the recorder knows about tgcf's current (or last) run, and past mode's progress in it.
import type { SupervisorStatus } from "../process/state";
import type { PastProgress } from "./past-progress";

export interface RunInfo {
  mode: SupervisorStatus["mode"];
  startedAt: number;
  /** When tgcf printed its first line in this run, or null while it has printed none. */
  firstLineAt: number | null;
  /** When live mode added its handler for new messages (it listens from then on). */
  listeningSince: number | null;
  /** tgcf said `Login information not set!`. */
  loginMissing: boolean;
  /** Past mode: the source chat being forwarded now. */
  pastChat: string | null;
  /** Past mode: progress per source chat in this run. */
  past: Map<string, PastProgress>;
}

export function newRun(mode: SupervisorStatus["mode"], now: number): RunInfo {
  return { mode, startedAt: now, firstLineAt: null, listeningSince: null, loginMissing: false, pastChat: null, past: new Map() };
}

/** `Forwarding messages from <chat>`: the previous connection is done, this one starts. */
export function startPastChat(run: RunInfo, chat: string, now: number): void {
  finishPastChat(run, now);
  run.pastChat = chat;
  run.past.set(chat, { startedAt: now, firstId: null, lastId: null, firstAt: null, lastAt: null, forwarded: 0, finishedAt: null });
}

/** `forwarding message with id = <id>` on the connection being forwarded. */
export function notePastForwarded(run: RunInfo, messageId: number, now: number): void {
  const progress = run.pastChat === null ? undefined : run.past.get(run.pastChat);
  if (progress === undefined) return;
  progress.firstId ??= messageId;
  progress.firstAt ??= now;
  progress.lastId = messageId;
  progress.lastAt = now;
  progress.forwarded++;
}

export function finishPastChat(run: RunInfo, now: number): void {
  const progress = run.pastChat === null ? undefined : run.past.get(run.pastChat);
  if (progress && progress.finishedAt === null) progress.finishedAt = now;
}
