// Data dirs for the installer tests: managed environments made by hand for tests that need one in place but not pip
// (a `tgcf` script and the marker), and what a test reads back from a data dir.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { managedPaths, tgcfScriptOf, VENV_MARKER_FILE_NAME } from "../../../src/modules/tgcf-install/paths";

/** Writes a stand-in environment at `venv` whose bin/tgcf answers --version with `version`. */
export function seedEnvironment(venv: string, version: string, switchedAt = new Date()): void {
  mkdirSync(join(venv, "bin"), { recursive: true });
  writeFileSync(join(venv, "bin", "tgcf"), `#!/bin/sh\necho ${version}\n`);
  chmodSync(join(venv, "bin", "tgcf"), 0o755);
  writeFileSync(join(venv, "pyvenv.cfg"), "home = /usr/bin\n");
  writeFileSync(join(venv, VENV_MARKER_FILE_NAME), JSON.stringify({ tgcfVersion: version, python: "/usr/bin/python3", pythonVersion: "3.11.2", switchedAt: switchedAt.toISOString() }));
}

/** A new temporary data dir; the caller removes it. */
export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), "tgcf-install-test-"));
}

/** A new data dir whose managed environment (a stand-in) answers 1.1.8: the one a failed install must leave working. */
export function newDataDirWithWorkingTgcf(): string {
  const dir = newDataDir();
  mkdirSync(managedPaths(dir).stateDir, { mode: 0o700 });
  seedEnvironment(managedPaths(dir).venv, "1.1.8");
  return dir;
}

/** What the managed tgcf of `dir` answers to --version, run as the supervisor would run it. */
export function managedTgcfVersion(dir: string): string {
  const answer = Bun.spawnSync([tgcfScriptOf(managedPaths(dir).venv), "--version"], { cwd: dir, env: { PATH: "/usr/bin:/bin" } });
  return answer.exitCode === 0 ? answer.stdout.toString().trim() : `exit ${answer.exitCode}: ${answer.stderr.toString()}`;
}

/** The state dir's entries: after an install, nothing left by a build, a deletion or the lock. */
export function stateDirEntries(dir: string): string[] {
  return readdirSync(managedPaths(dir).stateDir).sort();
}
