// The installer of one data dir: one install at a time (across processes too), cancel, the last report, rollback,
// and the confirmation that lets go of the previous environment once the new one has started tgcf.
import { mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomically } from "../../utils/atomic-write";
import { realDirExists } from "../../utils/safe-fs";
import { serverStateDir } from "../../utils/server-state-dir";
import { readMarker, removeEnvironment, removeLeftovers, rollBackEnvironment, tgcfVersionIn } from "./environment";
import { InstallFailure } from "./failure";
import { DEFAULT_INSTALL_TIMEOUTS, InstallRun, type InstallTimeouts } from "./install-run";
import { acquireInstallLock, InstallBusyError } from "./lock";
import type { InstallReport, RollbackResult } from "./model";
import { asideVenvPath, DISCARDED_VENV_PREFIX, isManagedPath, managedPaths, managedTgcfCommand, managedTgcfExecutable, shellQuote, type ManagedPaths } from "./paths";
import { InstallProgress } from "./progress";
import { isValidVersion, TGCF_MODEL_VERSION } from "./release";

export { InstallBusyError } from "./lock";

/** POST /api/tgcf/rollback with nothing to go back to. */
export class NothingToRollBackError extends Error {
  override name = "NothingToRollBackError";
}

export interface InstallerOptions {
  dataDir: string;
  /** What Python, pip and uv run with (default process.env): PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, proxies, PATH. */
  env?: Record<string, string | undefined>;
  timeouts?: Partial<InstallTimeouts>;
  /** Told about what fails outside a request (deleting an old environment, saving the report). */
  onBackgroundError?: (message: string) => void;
}

export interface InstallRequest {
  /** Default TGCF_MODEL_VERSION. */
  version?: string;
  /** pip's --index-url; default: pip's own settings (PIP_INDEX_URL, pip.conf, PyPI). */
  indexUrl?: string | null;
}

interface ActiveInstall {
  run: InstallRun;
  progress: InstallProgress;
  done: Promise<InstallReport>;
}

export class TgcfInstaller {
  readonly paths: ManagedPaths;
  private readonly env: Record<string, string | undefined>;
  private readonly timeouts: InstallTimeouts;
  private active: ActiveInstall | null = null;
  private latest: InstallProgress | null = null;
  /** Environments being deleted after a switch, a rollback or a confirmation, by path. */
  private readonly background = new Map<string, Promise<void>>();

  constructor(private readonly options: InstallerOptions) {
    this.paths = managedPaths(options.dataDir);
    this.env = options.env ?? process.env;
    this.timeouts = { ...DEFAULT_INSTALL_TIMEOUTS, ...options.timeouts };
  }

  /**
   * Starts installing tgcf `version` into a new managed environment; the returned progress is followed as it goes.
   * InstallBusyError when an install is running (here or in another process); RangeError for a malformed version or URL.
   */
  start(request: InstallRequest = {}): { progress: InstallProgress; done: Promise<InstallReport> } {
    const version = request.version ?? TGCF_MODEL_VERSION;
    const indexUrl = request.indexUrl ?? null;
    if (!isValidVersion(version)) throw new RangeError(`"${version}" is not a version number like ${TGCF_MODEL_VERSION}`);
    if (indexUrl !== null && !/^(https?|file):\/\/\S+$/.test(indexUrl)) throw new RangeError(`"${indexUrl}" is not an index URL like https://pypi.org/simple`);
    if (this.active) throw new InstallBusyError("a tgcf install is already running: wait for it to finish, or cancel it");
    serverStateDir(this.options.dataDir);
    const release = acquireInstallLock(this.paths.lockFile);
    let workDir: string;
    try {
      workDir = mkdtempSync(join(tmpdir(), "tgcf-install-"));
    } catch (error) {
      release();
      throw error;
    }
    const progress = new InstallProgress(version, indexUrl);
    const run = new InstallRun({ paths: this.paths, version, indexUrl, env: this.env, timeouts: this.timeouts, progress, workDir });
    const done = this.carryOut(run, progress, workDir, release);
    this.active = { run, progress, done };
    this.latest = progress;
    return { progress, done };
  }

  /** The install running now, if any. */
  get running(): { progress: InstallProgress; done: Promise<InstallReport> } | null {
    return this.active;
  }

  /** The install running now, else the last one this process ran. */
  latestProgress(): InstallProgress | null {
    return this.latest;
  }

  /**
   * The running install's report, else the last one saved in the data dir (by this process, an earlier one, or
   * `tgcf-server tgcf install`); null when none ever ran.
   */
  lastReport(): InstallReport | null {
    if (this.active) return this.active.progress.report;
    try {
      return JSON.parse(readFileSync(this.paths.reportFile, "utf8")) as InstallReport;
    } catch {
      return this.latest?.report ?? null; // none saved (or unreadable): this process's last, if any
    }
  }

  /** Cancels the running install (pip's whole process group ends); resolves with its final report, null when none runs. */
  async cancel(): Promise<InstallReport | null> {
    const active = this.active;
    if (!active) return null;
    active.run.cancel();
    return active.done;
  }

  /**
   * Goes back to the previous environment (kept since the last install until the new one started tgcf).
   * InstallBusyError while an install runs; NothingToRollBackError when there is no previous environment.
   */
  async rollback(): Promise<RollbackResult> {
    if (this.active) throw new InstallBusyError("a tgcf install is running: wait for it to finish (or cancel it), then roll back");
    const release = acquireInstallLock(this.paths.lockFile);
    try {
      if (!realDirExists(this.paths.previous)) {
        throw new NothingToRollBackError("There is no previous tgcf environment to go back to: it is kept only from an install until the new tgcf has started once.");
      }
      const { discarded } = rollBackEnvironment(this.paths);
      if (discarded !== null) this.removeInBackground(discarded);
    } finally {
      release();
    }
    return { version: tgcfVersionIn(this.paths.venv), command: managedTgcfCommand(this.options.dataDir) ?? shellQuote(managedTgcfExecutable(this.options.dataDir)) };
  }

  /**
   * For the supervisor: tgcf, run from `executable`, started at `startedAt` and came up. When that was the managed
   * environment now in place (put there before `startedAt`), it is proven, and the previous one is deleted.
   * Returns whether a previous environment was let go of. Never throws for a busy installer: it just keeps it.
   */
  async confirmStarted(executable: string, startedAt: Date): Promise<boolean> {
    if (this.active || !isManagedPath(executable, this.options.dataDir) || !realDirExists(this.paths.previous)) return false;
    const switchedAt = readMarker(this.paths.venv)?.switchedAt;
    if (switchedAt === undefined || new Date(switchedAt) > startedAt) return false;
    let release: () => void;
    try {
      release = acquireInstallLock(this.paths.lockFile);
    } catch (error) {
      if (error instanceof InstallBusyError) return false;
      throw error;
    }
    try {
      if (!realDirExists(this.paths.previous)) return false;
      // Renamed first, so a rollback or an install never sees a half-deleted environment.
      const aside = asideVenvPath(this.paths.stateDir, DISCARDED_VENV_PREFIX);
      renameSync(this.paths.previous, aside);
      this.removeInBackground(aside);
      return true;
    } finally {
      release();
    }
  }

  /** Resolves once every deletion started in the background has ended (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background.values()]);
  }

  private async carryOut(run: InstallRun, progress: InstallProgress, workDir: string, release: () => void): Promise<InstallReport> {
    let outcome: Pick<InstallReport, "state" | "error" | "command" | "rollbackVersion">;
    try {
      await removeLeftovers(this.paths.stateDir, new Set(this.background.keys()));
      const installed = await run.run();
      if (installed.discarded !== null) this.removeInBackground(installed.discarded);
      outcome = { state: "succeeded", error: null, command: managedTgcfCommand(this.options.dataDir), rollbackVersion: tgcfVersionIn(this.paths.previous) };
    } catch (error) {
      const failure = error instanceof InstallFailure ? error : new InstallFailure("pip-failed", `The install failed unexpectedly: ${(error as Error).message}`);
      const state = run.isCancelled ? "cancelled" : "failed";
      outcome = { state, error: { code: failure.code, message: failure.message }, command: null, rollbackVersion: tgcfVersionIn(this.paths.previous) };
    }
    // Cleaned up and saved before the outcome is announced: whoever hears it may read the report, or start the next install at once.
    if (run.built !== null) await removeEnvironment(run.built).catch((error: Error) => this.reportBackground(`removing ${run.built}: ${error.message}`));
    rmSync(workDir, { recursive: true, force: true });
    progress.conclude(outcome);
    await writeFileAtomically(this.paths.reportFile, JSON.stringify(progress.report, null, 2) + "\n").catch((error: Error) =>
      this.reportBackground(`saving the install report: ${error.message}`),
    );
    release();
    this.active = null;
    progress.announceFinish();
    return progress.report;
  }

  private removeInBackground(path: string): void {
    const removal = removeEnvironment(path)
      .catch((error: Error) => this.reportBackground(`removing ${path}: ${error.message}`))
      .finally(() => this.background.delete(path));
    this.background.set(path, removal);
  }

  private reportBackground(message: string): void {
    (this.options.onBackgroundError ?? ((text) => process.stderr.write(`tgcf-server: ${text}\n`)))(message);
  }
}
