// Noticing that one file in a directory may have changed: fs.watch on the directory (an in-place write and a
// rename over the file both show there), and a periodic check for where such events are missed (network and
// container file systems). It only says "look again"; the caller reads and compares the file.
import { watch, type FSWatcher } from "node:fs";

/** The fallback check's period: a change is seen within this time even without a file system event. */
export const WATCH_POLL_MS = 1_000;
/** Events come in bursts (open, truncate, write, close): one look a little after the first is enough. */
export const WATCH_SETTLE_MS = 20;

export interface FileWatchOptions {
  /** Default WATCH_POLL_MS. */
  pollMs?: number;
  /** Told when fs.watch fails (the periodic check goes on). */
  onWatchError?: (error: Error) => void;
}

export class FileWatcher {
  private watcher: FSWatcher | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private soon: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly fileName: string,
    private readonly onMaybeChanged: () => void,
    private readonly options: FileWatchOptions = {},
  ) {}

  start(): void {
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_event, name) => {
        // The name is missing on some platforms; a rename over the file may name its temporary file.
        if (name === null || String(name).includes(this.fileName)) this.lookIn(WATCH_SETTLE_MS);
      });
      this.watcher.on("error", (error) => this.watchFailed(error));
    } catch (error) {
      this.watchFailed(error as Error);
    }
    this.poll = setInterval(() => this.onMaybeChanged(), this.options.pollMs ?? WATCH_POLL_MS);
    this.poll.unref?.();
  }

  /** Asks for a look in `ms` (a half-written file is looked at again shortly); an earlier pending look stands. */
  lookIn(ms: number): void {
    if (this.closed || this.soon !== null) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.onMaybeChanged();
    }, ms);
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.poll) clearInterval(this.poll);
    if (this.soon) clearTimeout(this.soon);
    this.poll = this.soon = null;
  }

  private watchFailed(error: Error): void {
    this.watcher?.close();
    this.watcher = null;
    this.options.onWatchError?.(error);
  }
}

/**
 * True for content a writer may still be writing: tgcf opens the file with "w" (truncating it), then writes the
 * whole config, so a reader can see an empty file or the first part of the JSON text. The text of a JSON object
 * parses only once its closing brace is there, so a file that parses is finished.
 */
export function looksHalfWritten(bytes: Uint8Array | undefined): boolean {
  if (bytes === undefined) return false;
  if (bytes.length === 0) return true;
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return false;
  } catch {
    return true;
  }
}
