// One install, step by step: find Python, build a new environment aside, install tgcf and its dependencies (but its
// web UI's) into it, check that tgcf answers, then move it into place. Any failure leaves the environment in use as it was.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { childEnvironment } from "../process/spawner";
import { startChild, type ChildOptions, type ChildResult, type RunningChild } from "./child";
import { relocateEnvironment, switchEnvironment, writeMarker } from "./environment";
import { InstallFailure, noVenvModuleFailure } from "./failure";
import { installEnvironment, pipInstallArgs } from "./python-env";
import { asideVenvPath, BUILDING_VENV_PREFIX, pythonOf, tgcfScriptOf, type ManagedPaths } from "./paths";
import { pipFailure } from "./pip-output-failure";
import { PipOutputReader } from "./pip-output";
import type { InstallProgress } from "./progress";
import { findPython, type PythonInfo } from "./python-finder";
import { partitionRequirements, requirementName, SKIPPED_REQUIREMENTS, versionIn } from "./release";

export interface InstallTimeouts {
  /** python -m venv (ensurepip installs pip into it). */
  venvMs: number;
  /** Each pip run; building a dependency from source can take minutes. */
  pipMs: number;
  /** Reading metadata, `tgcf --version`. */
  checkMs: number;
}

export const DEFAULT_INSTALL_TIMEOUTS: InstallTimeouts = { venvMs: 5 * 60_000, pipMs: 30 * 60_000, checkMs: 2 * 60_000 };

/** Prints tgcf's installed version and its Requires-Dist, from the metadata pip installed (importlib.metadata). */
const READ_METADATA_SCRIPT = [
  "import importlib.metadata as m, json",
  "d = m.distribution('tgcf')",
  "print(json.dumps({'version': d.version, 'requires': d.requires or []}))",
].join("\n");

export interface InstallRunOptions {
  paths: ManagedPaths;
  version: string;
  indexUrl: string | null;
  env: Record<string, string | undefined>;
  timeouts: InstallTimeouts;
  progress: InstallProgress;
  /** A private empty directory: the working directory of every program the install runs. */
  workDir: string;
}

/** What was built and moved into place. */
export interface InstalledEnvironment {
  tgcfVersion: string;
  /** Set aside by the switch, to be deleted. */
  discarded: string | null;
}

/** Runs the steps; throws InstallFailure. cancel() ends the program running now and fails the run as cancelled. */
export class InstallRun {
  private child: RunningChild | null = null;
  private cancelled = false;
  private switching = false;
  /** The environment being built, until it is moved into place; the caller deletes it after a failure. */
  built: string | null = null;

  constructor(private readonly options: InstallRunOptions) {}

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Ends the install unless it is already moving the new environment into place; false then. */
  cancel(): boolean {
    if (this.switching) return false;
    this.cancelled = true;
    void this.child?.stop();
    return true;
  }

  async run(): Promise<InstalledEnvironment> {
    const { progress, version, paths } = this.options;
    progress.step("find-python", "Looking for Python 3.11 or 3.10 (then uv, then other versions)");
    const { python, warnings } = await findPython({ env: this.options.env, onLine: (line) => progress.output(line) });
    this.throwIfCancelled();
    progress.report.python = { executable: python.executable, version: python.version };
    for (const warning of warnings) progress.warning(warning);

    progress.step("create-environment", `Creating a virtual environment with Python ${python.version} (${python.executable})`);
    const built = (this.built = asideVenvPath(paths.stateDir, BUILDING_VENV_PREFIX));
    const created = await this.runProgram([python.executable, "-m", "venv", built], this.options.timeouts.venvMs);
    if (created.code !== 0) throw venvFailure(created, python);

    progress.step("resolve", `Getting tgcf ${version} and reading its requirements`);
    const pip = pipInstallArgs(pythonOf(built), this.options.indexUrl);
    await this.runPip([...pip, "--no-deps", `tgcf==${version}`], `tgcf ${version}`, python, false);
    const metadata = await this.readMetadata(built);
    const { install, skipped } = partitionRequirements(metadata.requires);
    progress.report.skippedRequirements = skipped;

    const skippedNames = skipped.map((requirement) => requirementName(requirement) ?? requirement);
    const leftOut = skipped.length > 0 ? `; leaving out ${skippedNames.join(" and ")}: only tgcf's own web UI uses them` : "";
    progress.step("download", `Downloading tgcf ${metadata.version}'s dependencies (${install.length} declared, and what they need${leftOut})`);
    if (install.length > 0) await this.runPip([...pip, ...install], `tgcf ${metadata.version}'s dependencies`, python, true);

    progress.step("check", "Checking that the new tgcf answers `tgcf --version`");
    await this.checkVersion(built, metadata.version);
    this.throwIfCancelled();

    progress.step("switch", "Putting the new environment in place");
    this.switching = true;
    await writeMarker(built, { tgcfVersion: metadata.version, python: python.executable, pythonVersion: python.version, switchedAt: new Date().toISOString() });
    try {
      relocateEnvironment(built, paths.venv);
      const { discarded } = switchEnvironment(paths, built);
      this.built = null;
      return { tgcfVersion: metadata.version, discarded };
    } catch (error) {
      throw new InstallFailure("switch-failed", `The new environment could not be moved into place (${(error as Error).message}): the one in use is unchanged; check the data dir's permissions and free space.`);
    }
  }

  /** `installStep`: pip's "Installing collected packages" starts the install step. */
  private async runPip(argv: string[], subject: string, python: PythonInfo, installStep: boolean): Promise<void> {
    const { progress } = this.options;
    const reader = new PipOutputReader();
    let installing = !installStep;
    const result = await this.runProgram(argv, this.options.timeouts.pipMs, (line) => {
      for (const news of reader.read(line)) {
        if (news.action === "installing" && !installing) {
          installing = true;
          progress.step("install", `Installing ${subject}`);
        }
        progress.package(news);
      }
    });
    if (result.code !== 0) throw pipFailure(reader.facts, result, { subject, version: this.options.version, pythonMinor: python.minor, timeoutMs: this.options.timeouts.pipMs });
    // pip notes requirements of tgcf left uninstalled: expected for the skipped ones, worth a warning for any other.
    for (const [dependent, requirement] of reader.facts.unmetRequirements) {
      if (!SKIPPED_REQUIREMENTS.includes(requirement)) progress.warning(`${dependent} requires ${requirement}, which pip did not install: tgcf may fail where it uses it.`);
    }
  }

  private async readMetadata(venv: string): Promise<{ version: string; requires: string[] }> {
    let json = "";
    const result = await this.runProgram([pythonOf(venv), "-I", "-c", READ_METADATA_SCRIPT], this.options.timeouts.checkMs, (line, stream) => {
      if (stream === "stdout") json += line;
    });
    try {
      if (result.code === 0) return JSON.parse(json) as { version: string; requires: string[] };
    } catch {
      // reported below
    }
    throw new InstallFailure("pip-failed", `tgcf ${this.options.version} was installed without readable metadata (its Requires-Dist): the package is broken; try another version.`);
  }

  private async checkVersion(venv: string, expected: string): Promise<void> {
    // tgcf deletes *.session files and may write tgcf.config.json in its working directory: a private empty one.
    const cwd = mkdtempSync(join(this.options.workDir, "check-"));
    let firstLine: string | null = null;
    const result = await this.runProgram([pythonOf(venv), tgcfScriptOf(venv), "--version"], this.options.timeouts.checkMs, (line, stream) => {
      if (stream === "stdout" && firstLine === null && line.trim() !== "") firstLine = line.trim();
    }, { cwd, env: childEnvironment(this.options.env) });
    this.throwIfCancelled();
    const answered = firstLine === null ? null : versionIn(firstLine);
    if (result.code === 0 && answered === expected) return;
    const said = result.tail.filter((line) => line.trim() !== "").at(-1)?.trim() ?? "no output";
    throw new InstallFailure(
      "check-failed",
      result.code === 0
        ? `The new tgcf answered \`tgcf --version\` with "${firstLine ?? ""}" instead of ${expected}: the environment in use is unchanged; see the output above.`
        : `The new tgcf does not start (\`tgcf --version\` exit code ${result.code ?? result.signal}: ${said}): the environment in use is unchanged; see the output above.`,
    );
  }

  /** Runs one program of the install, its output lines into the progress; throws InstallFailure("cancelled") when cancelled. */
  private async runProgram(
    argv: string[],
    timeoutMs: number,
    onLine?: (line: string, stream: "stdout" | "stderr") => void,
    overrides: Partial<Pick<ChildOptions, "cwd" | "env">> = {},
  ): Promise<ChildResult> {
    this.throwIfCancelled();
    const { progress } = this.options;
    try {
      this.child = startChild(argv, {
        cwd: overrides.cwd ?? this.options.workDir,
        env: overrides.env ?? installEnvironment(this.options.env),
        timeoutMs,
        onLine: (line, stream) => {
          progress.output(line);
          onLine?.(line, stream);
        },
      });
    } catch (error) {
      throw new InstallFailure("environment-failed", `${argv[0]} could not be started (${(error as Error).message}): check that it exists and may be run.`);
    }
    try {
      const result = await this.child.result;
      this.throwIfCancelled();
      return result;
    } finally {
      this.child = null;
    }
  }

  private throwIfCancelled(): void {
    if (this.cancelled) throw new InstallFailure("cancelled", "The install was cancelled: the tgcf environment in use is unchanged.");
  }
}

function venvFailure(result: ChildResult, python: PythonInfo): InstallFailure {
  const output = result.tail.join("\n");
  if (/ensurepip is not available|No module named (?:venv|ensurepip)/.test(output)) return noVenvModuleFailure(python.minor, python.executable);
  if (result.timedOut) return new InstallFailure("timed-out", "Creating the virtual environment did not finish in time: check the disk (full, or very slow?) and try again.");
  const said = result.tail.filter((line) => line.trim() !== "").at(-1)?.trim() ?? "no output";
  return new InstallFailure("environment-failed", `\`${python.executable} -m venv\` failed (exit code ${result.code ?? result.signal}: ${said}): check the free space and permissions of the data dir, then try again.`);
}
