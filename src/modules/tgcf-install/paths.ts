// Where a managed tgcf lives in the data dir: the environment in use, the one kept for a rollback, those being built.
import { randomBytes } from "node:crypto";
import { accessSync, constants, readdirSync, statSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { serverStateDirPath } from "../../utils/server-state-dir";

/** The virtual environment in use: <dataDir>/.tgcf-server/tgcf-venv. */
export const VENV_DIR_NAME = "tgcf-venv";
/** The environment in use before the last install, kept until the new one has started tgcf once (for a rollback). */
export const PREVIOUS_VENV_DIR_NAME = `${VENV_DIR_NAME}.previous`;
/** A new environment is built aside under this prefix, then renamed into place. */
export const BUILDING_VENV_PREFIX = `${VENV_DIR_NAME}.building-`;
/** An environment renamed out of the way, being deleted. */
export const DISCARDED_VENV_PREFIX = `${VENV_DIR_NAME}.discarded-`;
export const INSTALL_LOCK_FILE_NAME = "tgcf-install.lock";
export const INSTALL_REPORT_FILE_NAME = "tgcf-install-report.json";
/** Written into each managed environment: what was installed there, and when it was put in place. */
export const VENV_MARKER_FILE_NAME = "tgcf-server-install.json";
const RANDOM_SUFFIX_BYTES = 6;
/** Characters a POSIX shell (and splitCommand) takes literally outside quotes. */
const SHELL_SAFE = /^[A-Za-z0-9_\/.,:+=@%-]+$/;

export interface ManagedPaths {
  stateDir: string;
  venv: string;
  previous: string;
  lockFile: string;
  reportFile: string;
}

export function managedPaths(dataDir: string): ManagedPaths {
  const stateDir = serverStateDirPath(resolve(dataDir));
  return {
    stateDir,
    venv: join(stateDir, VENV_DIR_NAME),
    previous: join(stateDir, PREVIOUS_VENV_DIR_NAME),
    lockFile: join(stateDir, INSTALL_LOCK_FILE_NAME),
    reportFile: join(stateDir, INSTALL_REPORT_FILE_NAME),
  };
}

/** A fresh name beside the environment in use, with `prefix` (BUILDING_VENV_PREFIX or DISCARDED_VENV_PREFIX). */
export function asideVenvPath(stateDir: string, prefix: string): string {
  return join(stateDir, prefix + randomBytes(RANDOM_SUFFIX_BYTES).toString("hex"));
}

/** Environments left behind by an install or a deletion that a crash cut short. */
export function leftoverVenvPaths(stateDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(stateDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names.filter((name) => name.startsWith(BUILDING_VENV_PREFIX) || name.startsWith(DISCARDED_VENV_PREFIX)).map((name) => join(stateDir, name));
}

export function binDirOf(venv: string): string {
  return join(venv, "bin");
}

export function pythonOf(venv: string): string {
  return join(venv, "bin", "python");
}

export function tgcfScriptOf(venv: string): string {
  return join(venv, "bin", "tgcf");
}

/** The managed `tgcf` console script of `dataDir`'s environment in use, whether or not it exists. */
export function managedTgcfExecutable(dataDir: string): string {
  return tgcfScriptOf(managedPaths(dataDir).venv);
}

/**
 * The command (TGCF_SERVER_COMMAND syntax, quoted for splitCommand) that runs the managed tgcf of `dataDir`, or
 * null when no managed tgcf is installed there. The server runs it for every instance that sets no command of its own.
 */
export function managedTgcfCommand(dataDir: string): string | null {
  const executable = managedTgcfExecutable(dataDir);
  return isExecutableFile(executable) ? shellQuote(executable) : null;
}

/** True when `path` (absolute, as resolved) lies inside `dataDir`'s managed environment in use. */
export function isManagedPath(path: string, dataDir: string): boolean {
  return resolve(path).startsWith(managedPaths(dataDir).venv + sep);
}

/** `word` as one shell word: unchanged when it has no special character, otherwise single-quoted. */
export function shellQuote(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false; // missing or not executable: either way not usable
  }
}
