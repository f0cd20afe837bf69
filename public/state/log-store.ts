// The live log: one WebSocket for the whole signed-in app (it also keeps the status badge live) and the lines it brought.
import { loadConfig } from "./config-store.ts";
import { LogSocket, type ConnectionState } from "../api/log-socket.ts";
import { LogBuffer } from "../lib/log-buffer.ts";
import type { LogEntry } from "../lib/log-types.ts";
import { acceptStatus, refreshStatus } from "./status-store.ts";
import { Store } from "./store.ts";

export interface LogNotice {
  id: number;
  text: string;
}

export const logBuffer = new LogBuffer();
export const connectionState = new Store<ConnectionState>({ phase: "stopped" });
export const logNotices = new Store<LogNotice[]>([]);

const lineListeners = new Set<(entries: readonly LogEntry[]) => void>();
let noticeId = 0;

/** Calls `listener` with each line as it is accepted (duplicates from a resume are dropped first). */
export function onLogLines(listener: (entries: readonly LogEntry[]) => void): () => void {
  lineListeners.add(listener);
  return () => lineListeners.delete(listener);
}

export function addLogNotice(text: string): void {
  logNotices.update((notices) => [...notices.slice(-4), { id: ++noticeId, text }]);
}

export function dismissLogNotice(id: number): void {
  logNotices.update((notices) => notices.filter((notice) => notice.id !== id));
}

/** Bursts of changes (tgcf writes, then the write-back) are read once. */
const CONFIG_RELOAD_DELAY_MS = 300;
let configReload: ReturnType<typeof setTimeout> | null = null;
function scheduleConfigReload(): void {
  if (configReload !== null) return;
  configReload = setTimeout(() => {
    configReload = null;
    void loadConfig();
    void refreshStatus().catch(() => undefined);
  }, CONFIG_RELOAD_DELAY_MS);
}

const socket = new LogSocket(
  {
    onLine(entry) {
      const accepted = logBuffer.append([entry]);
      if (accepted.length > 0) for (const listener of lineListeners) listener(accepted);
    },
    onStatus: acceptStatus,
    onGap(from, to) {
      addLogNotice(`Lines ${from} to ${to} were lost while the log was disconnected (the server no longer had them in memory). Download the full log to see them.`);
    },
    onConfigChange(change) {
      // Another program's version, or saves written back over tgcf's: the pages reload it, keeping unsaved edits.
      if (change.kind === "saved") return;
      scheduleConfigReload();
    },
    onConnection: (state) => connectionState.set(state),
    onDrop() {
      // A 401 here sends the app to the sign-in form, which stops the stream.
      refreshStatus().catch(() => undefined);
    },
  },
  () => logBuffer.lastSeq,
);

export function startLogStream(): void {
  socket.start();
}

export function stopLogStream(): void {
  socket.stop();
}

export function reconnectLogStream(): void {
  socket.reconnectNow();
}

addEventListener("online", () => socket.reconnectNow());
