// What should be running (survives reboots) and what is running (to find an orphan after a crash).
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { SERVER_STATE_DIR_MODE, serverStateDirPath } from "../../utils/server-state-dir";
import { removeStaleTempFiles, writeFileAtomically } from "../../utils/atomic-write";
import { ensureRealDir, pathKind, readFileNoFollow, realDirExists } from "../../utils/safe-fs";
import { WriteQueue } from "../../utils/write-queue";
import { MODES, type Mode } from "./state";

/** Kept inside the data dir, beside tgcf.config.json. */
export { SERVER_STATE_DIR_NAME as STATE_DIR_NAME } from "../../utils/server-state-dir";
export const DESIRED_STATE_FILE = "desired-state.json";
export const CHILD_RECORD_FILE = "child.json";

export type DesiredState = { state: "running"; mode: Mode } | { state: "stopped" };

/** The running child, as recorded at spawn. */
export interface ChildRecord {
  pid: number;
  /** The argv it was spawned with. */
  commandLine: string[];
  /** ISO time. */
  startTime: string;
  mode: Mode;
}

/**
 * Reads and writes <dataDir>/.tgcf-server/{desired-state,child}.json. Writes are atomic
 * (writeFileAtomically) and applied in call order, so a later write never loses to an earlier one.
 * A symbolic link in place of the directory or a file is refused (RefusedPathError), never followed.
 */
export class StateFiles {
  readonly directory: string;
  private readonly queue = new WriteQueue();

  constructor(dataDir: string) {
    this.directory = serverStateDirPath(dataDir);
    // Only a real directory is cleaned; a link there is refused, with its path, by the first read or write.
    if (pathKind(this.directory) === "directory") removeStaleTempFiles(this.directory);
  }

  /** null when there is no file yet; throws when the file is not a desired state. */
  async readDesiredState(): Promise<DesiredState | null> {
    const value = await this.readJson(DESIRED_STATE_FILE);
    if (value === null) return null;
    if (isDesiredState(value)) return value;
    throw new Error(`${join(this.directory, DESIRED_STATE_FILE)} does not hold a desired state`);
  }

  writeDesiredState(desired: DesiredState): Promise<void> {
    return this.queue.run(() => this.writeJsonAtomically(DESIRED_STATE_FILE, desired));
  }

  /** null when there is no file; throws when the file is not a child record. */
  async readChildRecord(): Promise<ChildRecord | null> {
    const value = await this.readJson(CHILD_RECORD_FILE);
    if (value === null) return null;
    if (isChildRecord(value)) return value;
    throw new Error(`${join(this.directory, CHILD_RECORD_FILE)} does not hold a child record`);
  }

  writeChildRecord(record: ChildRecord): Promise<void> {
    return this.queue.run(() => this.writeJsonAtomically(CHILD_RECORD_FILE, record));
  }

  removeChildRecord(): Promise<void> {
    // rm removes a link itself, but not through a linked directory.
    return this.queue.run(async () => {
      if (realDirExists(this.directory)) await rm(join(this.directory, CHILD_RECORD_FILE), { force: true });
    });
  }

  private async readJson(name: string): Promise<unknown> {
    if (!realDirExists(this.directory)) return null;
    let text: string;
    try {
      text = (await readFileNoFollow(join(this.directory, name))).toString("utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return JSON.parse(text) as unknown;
  }

  private async writeJsonAtomically(name: string, value: unknown): Promise<void> {
    ensureRealDir(this.directory, SERVER_STATE_DIR_MODE);
    await writeFileAtomically(join(this.directory, name), `${JSON.stringify(value, null, 2)}\n`);
  }
}

function isDesiredState(value: unknown): value is DesiredState {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.state === "stopped") return true;
  return record.state === "running" && MODES.includes(record.mode as Mode);
}

function isChildRecord(value: unknown): value is ChildRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    Number.isInteger(record.pid) &&
    (record.pid as number) > 1 &&
    Array.isArray(record.commandLine) &&
    record.commandLine.every((word) => typeof word === "string") &&
    typeof record.startTime === "string" &&
    MODES.includes(record.mode as Mode)
  );
}
