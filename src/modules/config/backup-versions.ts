// The versions of tgcf.config.json as the store sees them: the last one and who wrote it, which replaced ones are
// backed up, and who is told about each new one (listeners, and the log for other programs' writes).
import { shapeOf, shapeOfConfig, type VersionInfo } from "./backup-meta";
import type { BackupDirectory } from "./backups";
import { changedFields, ExternalChangeLog, type ConfigFileChange } from "./external-change";
import type { ConfigFileRead } from "./external-read";
import type { ConfigSnapshot } from "./store";
import { notifyAll } from "../../utils/notify-all";

/** What replaces the version the store saw last. */
export type ReplacedBy = "save" | "external" | "write-back";

const WHILE_TGCF_RAN = "while tgcf ran";
/** Recent versions whose shape is remembered by ETag (tgcf writes after every past-mode message). */
const SHAPES_REMEMBERED = 256;
const UNWATCHED = "written while the server was not running";

interface KnownVersion extends ConfigFileRead {
  info: VersionInfo;
}

export interface VersionHistoryOptions {
  /** Whether tgcf runs now (versions written meanwhile are noted so). */
  tgcfRunning: () => boolean;
  /** System lines for the instance's log. */
  log: (line: string) => void;
}

export class VersionHistory {
  readonly changeLog = new ExternalChangeLog();
  private known: KnownVersion | undefined;
  private readonly listeners = new Set<(change: ConfigFileChange) => void>();
  private readonly shapesByEtag = new Map<string, string>();

  constructor(
    private readonly backups: BackupDirectory,
    private readonly options: VersionHistoryOptions,
  ) {}

  onChange(listener: (change: ConfigFileChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Remembers the shape of a version a client may have read, to compare with a later one (see differsOnlyInOffsets). */
  remember(snapshot: ConfigSnapshot): void {
    if (snapshot.state !== "ok" || this.shapesByEtag.has(snapshot.etag)) return;
    this.shapesByEtag.set(snapshot.etag, shapeOfConfig(snapshot.config));
    if (this.shapesByEtag.size > SHAPES_REMEMBERED) this.shapesByEtag.delete(this.shapesByEtag.keys().next().value!);
  }

  /** Whether the remembered version with ETag `etag` differs from `snapshot` at most in connections' offsets. */
  differsOnlyInOffsets(etag: string, snapshot: ConfigSnapshot): boolean {
    const shape = this.shapesByEtag.get(etag);
    return shape !== undefined && snapshot.state === "ok" && shape === shapeOfConfig(snapshot.config);
  }

  /** Whether `bytes` are the version the store saw last. */
  isKnown(bytes: Uint8Array | undefined): boolean {
    return this.known !== undefined && sameBytes(this.known.bytes, bytes);
  }

  /**
   * Takes in the file as read now. The first version seen is labelled from the record of the server's last write;
   * any later difference is another program's write: the version it replaced is backed up (see backupReplaced),
   * the change is told, and `writingBack(snapshot)` names the saved changes it reverted. Returns those pointers.
   */
  async observe(current: ConfigFileRead, writingBack: (snapshot: ConfigSnapshot) => string[]): Promise<string[]> {
    this.remember(current.snapshot);
    const previous = this.known;
    if (previous === undefined) {
      this.known = { ...current, info: await this.firstSightInfo(current) };
      return [];
    }
    if (sameBytes(previous.bytes, current.bytes)) return [];
    const whileTgcfRan = this.options.tgcfRunning();
    await this.backupReplaced("external").catch((error: unknown) => {
      this.options.log(`could not back up the version of tgcf.config.json another program replaced: ${messageOf(error)}`);
    });
    const info: VersionInfo = { source: "external", savedAt: current.modifiedAt };
    if (whileTgcfRan) info.note = WHILE_TGCF_RAN;
    this.known = { ...current, info };
    const reverted = writingBack(current.snapshot);
    const change = this.tell("external", previous.snapshot, current.snapshot, reverted, whileTgcfRan);
    const line = this.changeLog.lineFor(change, current.snapshot);
    if (line !== null) this.options.log(line);
    return reverted;
  }

  /**
   * Backs up the version the store saw last, before `replacing` writes over it. A save always keeps it. A version
   * replaced by another program's write or by a write-back is kept unless a backup already holds one that differs
   * from it at most in connections' offsets: tgcf writes its whole config after every past-mode message, and such
   * copies would push the person's own versions out of the last MAX_BACKUPS.
   */
  async backupReplaced(replacing: ReplacedBy): Promise<void> {
    const previous = this.known;
    if (!previous?.bytes) return;
    if (replacing === "save") {
      await this.backups.add(previous.bytes, previous.info);
      return;
    }
    const shape = shapeOf(previous.bytes);
    if (!(await this.backups.holdsShape(shape))) await this.backups.add(previous.bytes, previous.info, shape);
  }

  /** The server wrote `written` (after backupReplaced): it is the version seen last, recorded with who wrote it. */
  async wrote(written: ConfigFileRead, info: VersionInfo, replacing: ReplacedBy): Promise<void> {
    this.remember(written.snapshot);
    const previous = this.known;
    const recorded = withoutUndefined({ ...info, note: [info.note, this.options.tgcfRunning() ? WHILE_TGCF_RAN : undefined].filter(Boolean).join("; ") || undefined });
    this.known = { ...written, info: recorded };
    await this.backups.writeCurrentVersion({ etag: written.snapshot.etag, ...recorded }).catch((error: unknown) => {
      this.options.log(`could not record who wrote tgcf.config.json (${messageOf(error)}): its backup will say "unknown"`);
    });
    if (previous && this.listeners.size > 0) this.tell(replacing === "write-back" ? "written-back" : "saved", previous.snapshot, written.snapshot, []);
  }

  private async firstSightInfo(current: ConfigFileRead): Promise<VersionInfo> {
    const record = await this.backups.readCurrentVersion().catch((error: unknown) => {
      this.options.log(`could not read the record of who wrote tgcf.config.json (${messageOf(error)}): it is labelled unknown`);
      return undefined;
    });
    if (record && record.etag === current.snapshot.etag) {
      const { etag: _etag, ...info } = record;
      return info;
    }
    return record ? { source: "external", savedAt: current.modifiedAt, note: UNWATCHED } : { source: "unknown", savedAt: current.modifiedAt };
  }

  private tell(kind: ConfigFileChange["kind"], previous: ConfigSnapshot, next: ConfigSnapshot, writingBack: string[], whileTgcfRan = this.options.tgcfRunning()): ConfigFileChange {
    const change: ConfigFileChange = { kind, at: new Date().toISOString(), etag: next.etag, state: next.state, ...changedFields(previous, next), whileTgcfRan, writingBack };
    notifyAll(this.listeners, change, "a config change listener");
    return change;
  }
}

function sameBytes(left: Uint8Array | undefined, right: Uint8Array | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return Buffer.from(left).equals(right);
}

function withoutUndefined(info: VersionInfo): VersionInfo {
  return Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)) as unknown as VersionInfo;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
