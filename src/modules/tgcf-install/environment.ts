// The managed environments on disk: a new one is moved into place by rename, the one it replaces is kept for a
// rollback until the new one has started tgcf once, and anything set aside is deleted after the switch.
import { lstatSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { pathKind, realDirExists } from "../../utils/safe-fs";
import { writeFileAtomically } from "../../utils/atomic-write";
import { asideVenvPath, binDirOf, DISCARDED_VENV_PREFIX, leftoverVenvPaths, VENV_MARKER_FILE_NAME, type ManagedPaths } from "./paths";

/** Scripts pip writes are a few hundred bytes; anything larger in bin/ is not one of its text files. */
const MAX_REWRITTEN_FILE_BYTES = 1024 * 1024;

/** Written into each managed environment when it is put in place. */
export interface EnvironmentMarker {
  tgcfVersion: string;
  python: string;
  pythonVersion: string;
  /** When it was moved into place (ISO 8601): a tgcf started before then ran another environment. */
  switchedAt: string;
}

export function readMarker(venv: string): EnvironmentMarker | null {
  try {
    return JSON.parse(readFileSync(join(venv, VENV_MARKER_FILE_NAME), "utf8")) as EnvironmentMarker;
  } catch {
    return null; // none (not ours, or an install cut short) or unreadable
  }
}

export async function writeMarker(venv: string, marker: EnvironmentMarker): Promise<void> {
  await writeFileAtomically(join(venv, VENV_MARKER_FILE_NAME), JSON.stringify(marker, null, 2) + "\n", { mode: 0o644 });
}

/** The tgcf version in a managed environment (its marker), or null when there is none (or a link stands there). */
export function tgcfVersionIn(venv: string): string | null {
  return pathKind(venv) === "directory" ? (readMarker(venv)?.tgcfVersion ?? null) : null;
}

/**
 * Makes an environment built at `from` work at `to`: pip wrote `from` into the #! line of every script in bin/
 * (and venv into its activate scripts). A virtual environment is otherwise position-independent: its Python finds
 * pyvenv.cfg beside itself. `from` is `to` plus a suffix, so a #! line that fitted the kernel's limit at `from` fits
 * at `to` too, and pip's /bin/sh wrapper (written for long paths or paths with spaces) works at any length.
 */
export function relocateEnvironment(from: string, to: string): void {
  const bin = binDirOf(from);
  for (const name of readdirSync(bin)) {
    rewriteIfMentions(join(bin, name), from, to);
  }
  rewriteIfMentions(join(from, "pyvenv.cfg"), from, to);
}

function rewriteIfMentions(path: string, from: string, to: string): void {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  // bin/python* are links to the base interpreter: never followed, never rewritten.
  if (!stats?.isFile() || stats.size > MAX_REWRITTEN_FILE_BYTES) return;
  const text = readFileSync(path, "latin1"); // byte for byte, whatever the encoding
  if (!text.includes(from)) return;
  writeFileSync(path, text.replaceAll(from, to), "latin1"); // the file keeps its mode (scripts stay executable)
}

/**
 * Moves the environment built at `built` into place. The one in use becomes the previous one, unless a previous
 * one is already kept: that one has started tgcf, the one in use has not, so the one in use is discarded.
 * On failure everything is put back as it was and the error is thrown.
 */
export function switchEnvironment(paths: ManagedPaths, built: string): { discarded: string | null } {
  const hadCurrent = realDirExists(paths.venv);
  const hadPrevious = realDirExists(paths.previous);
  const setAside = hadCurrent ? (hadPrevious ? asideVenvPath(paths.stateDir, DISCARDED_VENV_PREFIX) : paths.previous) : null;
  if (setAside !== null) renameSync(paths.venv, setAside);
  try {
    renameSync(built, paths.venv);
  } catch (error) {
    if (setAside !== null) renameSync(setAside, paths.venv);
    throw error;
  }
  return { discarded: hadPrevious && setAside !== null ? setAside : null };
}

/** Puts the previous environment back in place; the one in use is set aside and returned, for deletion. */
export function rollBackEnvironment(paths: ManagedPaths): { discarded: string | null } {
  const hadCurrent = realDirExists(paths.venv);
  const discarded = hadCurrent ? asideVenvPath(paths.stateDir, DISCARDED_VENV_PREFIX) : null;
  if (discarded !== null) renameSync(paths.venv, discarded);
  try {
    renameSync(paths.previous, paths.venv);
  } catch (error) {
    if (discarded !== null) renameSync(discarded, paths.venv);
    throw error;
  }
  return { discarded };
}

/** Deletes a whole environment (it may hold tens of thousands of files: this takes a while). */
export function removeEnvironment(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true, maxRetries: 2 });
}

/**
 * Deletes what an install or a deletion cut short by a crash left beside the environment, but `beingRemoved` (this
 * process's deletions under way). Call with the install lock held: no other process builds or deletes meanwhile.
 */
export async function removeLeftovers(stateDir: string, beingRemoved: ReadonlySet<string> = new Set()): Promise<void> {
  await Promise.all(leftoverVenvPaths(stateDir).filter((path) => !beingRemoved.has(path)).map(removeEnvironment));
}
