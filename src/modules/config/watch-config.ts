// Looking at tgcf.config.json whenever it may have changed (see FileWatcher), in the store's write lock, and
// handing a finished new version to the store; a version caught half-written is looked at again shortly.
import type { ConfigFileRead } from "./external-read";
import { FileWatcher, looksHalfWritten } from "./watch-file";

/** How long content that looks half-written is looked at again before it counts as damaged. */
export const HALF_WRITTEN_GRACE_MS = 500;
/** How soon a half-written file is looked at again. */
export const HALF_WRITTEN_RETRY_MS = 25;

export interface ConfigWatchOptions {
  dir: string;
  fileName: string;
  /** Default WATCH_POLL_MS. */
  pollMs?: number;
  /** Reads the file (no waiting: the watch retries by itself). */
  read: () => Promise<ConfigFileRead>;
  /** Whether these bytes are the version the store saw last. */
  isKnown: (bytes: Uint8Array | undefined) => boolean;
  /** Takes a new, finished version in. */
  observe: (current: ConfigFileRead) => Promise<void>;
  /** Runs a look in the store's write lock. */
  locked: (task: () => Promise<void>) => Promise<void>;
  log: (line: string) => void;
}

export class ConfigWatch {
  private readonly watcher: FileWatcher;
  private lookQueued = false;
  private closed = false;
  private halfWrittenSince: number | undefined;
  /** The last failure, told once rather than at every periodic look. */
  private failure = "";

  constructor(private readonly options: ConfigWatchOptions) {
    this.watcher = new FileWatcher(options.dir, options.fileName, () => this.requestLook(), {
      pollMs: options.pollMs,
      onWatchError: (error) => options.log(`watching ${options.dir} for changes failed (${error.message}): looking at ${options.fileName} every second instead`),
    });
  }

  start(): void {
    this.watcher.start();
    this.requestLook();
  }

  close(): void {
    this.closed = true;
    this.watcher.close();
  }

  private requestLook(): void {
    if (this.lookQueued || this.closed) return;
    this.lookQueued = true;
    this.options
      .locked(async () => {
        this.lookQueued = false;
        await this.look();
      })
      .then(
        () => (this.failure = ""),
        (error: unknown) => {
          const failure = `looking at ${this.options.fileName} for changes failed: ${error instanceof Error ? error.message : String(error)}`;
          if (failure !== this.failure) this.options.log(failure);
          this.failure = failure;
        },
      );
  }

  private async look(): Promise<void> {
    const current = await this.options.read();
    if (this.options.isKnown(current.bytes)) {
      this.halfWrittenSince = undefined;
      return;
    }
    if (looksHalfWritten(current.bytes)) {
      this.halfWrittenSince ??= Date.now();
      if (Date.now() - this.halfWrittenSince < HALF_WRITTEN_GRACE_MS) {
        this.watcher.lookIn(HALF_WRITTEN_RETRY_MS);
        return;
      }
    }
    this.halfWrittenSince = undefined;
    await this.options.observe(current);
  }
}
