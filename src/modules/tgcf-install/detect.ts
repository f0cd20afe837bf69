// GET /api/tgcf: whether the tgcf command works, which version and Python it is, and what is wrong, in plain words.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandSyntaxError, resolveExecutable, splitCommand } from "../process/command";
import { childEnvironment } from "../process/spawner";
import { runChild, type ChildResult } from "./child";
import { tgcfVersionIn } from "./environment";
import type { TgcfStatus } from "./model";
import { isManagedPath, managedPaths } from "./paths";
import { isCompatibleVersion, MIN_PYTHON, TGCF_MODEL_VERSION, versionIn } from "./release";
import { pythonOfExecutable } from "./shebang";

/** The real tgcf imports Telethon, rich and typer before it answers: ~1 s warm, several on a cold disk. */
export const DETECT_TIMEOUT_MS = 20_000;
const PYTHON_VERSION_TIMEOUT_MS = 10_000;
/** How to get a managed tgcf, for the end of a sentence. */
const INSTALLER = "`tgcf-server tgcf install` (or POST /api/tgcf/install)";

export interface DetectOptions {
  command: string;
  dataDir: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** Runs `<command> --version` in a private empty directory and reports on the answer. */
export async function detectTgcf(options: DetectOptions): Promise<TgcfStatus> {
  const env = options.env ?? process.env;
  const status: TgcfStatus = {
    installed: false,
    version: null,
    command: options.command,
    executable: null,
    python: null,
    managed: false,
    compatible: false,
    rollbackVersion: tgcfVersionIn(managedPaths(options.dataDir).previous),
    problems: [],
  };
  let words: string[];
  try {
    words = splitCommand(options.command);
  } catch (error) {
    if (!(error instanceof CommandSyntaxError)) throw error;
    status.problems.push(`TGCF_SERVER_COMMAND is not a valid command (${error.message}): fix it, or unset it to use the managed tgcf.`);
    return status;
  }
  const executable = words[0] === undefined ? null : resolveExecutable(words[0], env.PATH);
  if (executable === null) {
    status.problems.push(`tgcf is not installed (\`${options.command}\` was not found on the PATH): install it with ${INSTALLER}, or set TGCF_SERVER_COMMAND to the tgcf you installed.`);
    return status;
  }
  status.executable = executable;
  status.managed = isManagedPath(executable, options.dataDir);
  const pythonPath = pythonOfExecutable(executable, env.PATH);
  const [answer, pythonVersion] = await Promise.all([askVersion([executable, ...words.slice(1)], env, options.timeoutMs ?? DETECT_TIMEOUT_MS), pythonPath ? versionOfPython(pythonPath, env) : null]);
  if (pythonPath !== null) status.python = { executable: pythonPath, version: pythonVersion };
  const tooOld = pythonVersion !== null && isOlderThan(pythonVersion, MIN_PYTHON);
  const firstLine = answer.lines.find((line) => line.trim() !== "")?.trim() ?? "";
  if (answer.result.timedOut) {
    status.problems.push(`\`${options.command} --version\` did not answer within ${duration(options.timeoutMs ?? DETECT_TIMEOUT_MS)}: check that tgcf works, or reinstall it with ${INSTALLER}.`);
  } else if (answer.result.code !== 0) {
    const said = answer.result.tail.filter((line) => line.trim() !== "").at(-1)?.trim() ?? "no output";
    status.problems.push(`\`${options.command} --version\` failed (exit code ${answer.result.code ?? answer.result.signal}: ${said}): reinstall tgcf with ${INSTALLER}.`);
  } else if (versionIn(firstLine) === null) {
    status.problems.push(`\`${options.command} --version\` printed no version number ("${firstLine.slice(0, 80)}"): check that the command runs tgcf.`);
  } else {
    status.installed = true;
    status.version = versionIn(firstLine);
    status.compatible = isCompatibleVersion(status.version);
    if (!status.compatible) {
      status.problems.push(
        `tgcf ${status.version} is installed, but this server is made for tgcf ${TGCF_MODEL_VERSION}: its settings and behaviour may differ. Install ${TGCF_MODEL_VERSION} with ${INSTALLER}.`,
      );
    }
  }
  if (tooOld) status.problems.push(`tgcf runs on Python ${pythonVersion}, and it needs Python ${MIN_PYTHON.join(".")} or newer: install it again with ${INSTALLER}, which picks a suitable Python.`);
  return status;
}

async function askVersion(argv: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<{ result: ChildResult; lines: string[] }> {
  // tgcf reads (and may write) tgcf.config.json and deletes *.session files in its working directory as it loads:
  // a private empty directory keeps it away from the data dir of a running tgcf.
  const cwd = mkdtempSync(join(tmpdir(), "tgcf-detect-"));
  const lines: string[] = [];
  try {
    const result = await runChild([...argv, "--version"], {
      cwd,
      env: childEnvironment(env),
      timeoutMs,
      onLine: (line, stream) => {
        if (stream === "stdout") lines.push(line);
      },
    });
    return { result, lines };
  } catch (error) {
    // Found on the PATH, yet not startable (a #! line naming a Python that is gone): say so as a failed answer.
    return { result: { code: null, signal: null, timedOut: false, stopped: false, tail: [(error as Error).message] }, lines };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

async function versionOfPython(python: string, env: Record<string, string | undefined>): Promise<string | null> {
  let version: string | null = null;
  try {
    const result = await runChild([python, "-I", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], {
      cwd: tmpdir(),
      env: childEnvironment(env),
      timeoutMs: PYTHON_VERSION_TIMEOUT_MS,
      onLine: (line, stream) => {
        if (stream === "stdout" && version === null) version = line.trim();
      },
    });
    return result.code === 0 ? version : null;
  } catch {
    return null; // the Python named in the script is gone: the failed --version says more
  }
}

function isOlderThan(version: string, [major, minor]: readonly [number, number]): boolean {
  const [actualMajor = 0, actualMinor = 0] = version.split(".").map(Number);
  return actualMajor < major || (actualMajor === major && actualMinor < minor);
}

function duration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 1_000)} s`;
}
