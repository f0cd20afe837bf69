// The alert history in the server's state dir (<data>/.tgcf-server/alerts-history.json), so what was sent and what
// failed is still there after a restart. Written at most once a second, and at close.
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import type { Clock, TimerHandle } from "../process/clock";
import { writeFileAtomically, writeFileAtomicallySync } from "../../utils/atomic-write";
import { readFileNoFollowSync } from "../../utils/safe-fs";
import { serverStateDir } from "../../utils/server-state-dir";
import { HistoryEntrySchema, type HistoryEntry } from "./model";

export const ALERT_HISTORY_FILE_NAME = "alerts-history.json";
export const HISTORY_WRITE_DELAY_MS = 1_000;
/** Errors in it name receivers by origin only and hold no secret, but it is the server's own state: owner only. */
const HISTORY_FILE_MODE = 0o600;

export class AlertHistoryFile {
  private timer: TimerHandle | null = null;
  private latest: (() => readonly HistoryEntry[]) | null = null;
  /** Changed since the last write: a server that sent nothing writes no file. */
  private dirty = false;

  constructor(
    readonly path: string,
    private readonly clock: Clock,
    private readonly report: (line: string) => void = () => {},
  ) {}

  static inDataDir(dataDir: string, clock: Clock, report?: (line: string) => void): AlertHistoryFile {
    return new AlertHistoryFile(join(serverStateDir(dataDir), ALERT_HISTORY_FILE_NAME), clock, report);
  }

  /**
   * The entries kept, newest first. One still pending when the server stopped is failed: nothing will retry it.
   * A damaged file is reported and the history starts afresh; entries that do not fit the schema are left out.
   */
  load(): HistoryEntry[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileNoFollowSync(this.path).toString("utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") this.report(`alerts: ${this.path} cannot be read (${(error as Error).message}); the alert history starts afresh`);
      return [];
    }
    const entries = Array.isArray(parsed) ? parsed.filter((entry): entry is HistoryEntry => Value.Check(HistoryEntrySchema, entry)) : [];
    for (const entry of entries) if (entry.status === "pending") entry.status = "failed";
    return entries;
  }

  /** Writes `entries()` soon (once for many changes). */
  changed(entries: () => readonly HistoryEntry[]): void {
    this.latest = entries;
    this.dirty = true;
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.dirty = false;
      const list = this.latest?.();
      if (list) void writeFileAtomically(this.path, JSON.stringify(list), { mode: HISTORY_FILE_MODE }).catch((error) => this.report(`alerts: cannot write ${this.path}: ${(error as Error).message}`));
    }, HISTORY_WRITE_DELAY_MS);
  }

  /** Writes now (at close) what changed since the last write, and cancels the pending write. */
  flush(entries: readonly HistoryEntry[]): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (!this.dirty) return;
    this.dirty = false;
    try {
      writeFileAtomicallySync(this.path, JSON.stringify(entries), { mode: HISTORY_FILE_MODE });
    } catch (error) {
      this.report(`alerts: cannot write ${this.path}: ${(error as Error).message}`);
    }
  }
}
