// The managed environments on disk: relocation after building aside, switching, rollback, letting go of the previous
// one, and the install lock. Real files in temporary directories.
import { afterEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, chmodSync, statSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { relocateEnvironment, rollBackEnvironment, switchEnvironment, tgcfVersionIn } from "../../../src/modules/tgcf-install/environment";
import { managedPaths, managedTgcfCommand, shellQuote } from "../../../src/modules/tgcf-install/paths";
import { acquireInstallLock, InstallBusyError } from "../../../src/modules/tgcf-install/lock";
import { TgcfInstaller } from "../../../src/modules/tgcf-install/installer";
import { effectiveTgcfCommand } from "../../../src/modules/tgcf-install/command";
import { seedEnvironment } from "./seed";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(prefix = "tgcf-env-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  mkdirSync(join(dir, ".tgcf-server"), { mode: 0o700 });
  return dir;
}

test("a relocated environment's scripts name its final path, in both forms pip writes; links stay links", () => {
  const paths = managedPaths(dataDir());
  const built = `${paths.venv}.building-0123456789ab`;
  mkdirSync(join(built, "bin"), { recursive: true });
  symlinkSync("/usr/bin/python3", join(built, "bin", "python"));
  writeFileSync(join(built, "bin", "tgcf"), `#!${built}/bin/python\n# -*- coding: utf-8 -*-\nimport sys\n`);
  writeFileSync(join(built, "bin", "pip"), `#!/bin/sh\n'''exec' "${built}/bin/python" "$0" "$@"\n' '''\nimport sys\n`);
  writeFileSync(join(built, "bin", "activate"), `VIRTUAL_ENV="${built}"\nexport VIRTUAL_ENV\n`);
  writeFileSync(join(built, "pyvenv.cfg"), `home = /usr/bin\ncommand = /usr/bin/python3 -m venv ${built}\n`);
  chmodSync(join(built, "bin", "tgcf"), 0o755);

  relocateEnvironment(built, paths.venv);

  expect(readFileSync(join(built, "bin", "tgcf"), "utf8")).toStartWith(`#!${paths.venv}/bin/python\n`);
  expect(readFileSync(join(built, "bin", "pip"), "utf8")).toContain(`'''exec' "${paths.venv}/bin/python" "$0" "$@"`);
  expect(readFileSync(join(built, "bin", "activate"), "utf8")).toBe(`VIRTUAL_ENV="${paths.venv}"\nexport VIRTUAL_ENV\n`);
  expect(readFileSync(join(built, "pyvenv.cfg"), "utf8")).toContain(`-m venv ${paths.venv}\n`);
  expect(statSync(join(built, "bin", "tgcf")).mode & 0o777).toBe(0o755);
  expect(readlinkSync(join(built, "bin", "python"))).toBe("/usr/bin/python3");
});

test("switching keeps the environment in use as the previous one, unless a proven previous one is already kept", () => {
  const paths = managedPaths(dataDir());
  const build = (version: string) => {
    const built = `${paths.venv}.building-${version}`;
    seedEnvironment(built, version);
    return built;
  };
  expect(switchEnvironment(paths, build("1.1.7"))).toEqual({ discarded: null });
  expect([tgcfVersionIn(paths.venv), tgcfVersionIn(paths.previous)]).toEqual(["1.1.7", null]);

  expect(switchEnvironment(paths, build("1.1.8"))).toEqual({ discarded: null });
  expect([tgcfVersionIn(paths.venv), tgcfVersionIn(paths.previous)]).toEqual(["1.1.8", "1.1.7"]);

  // 1.1.8 never started tgcf: 1.1.7 stays the one to go back to, 1.1.8 is set aside for deletion.
  const { discarded } = switchEnvironment(paths, build("1.2.0"));
  expect([tgcfVersionIn(paths.venv), tgcfVersionIn(paths.previous), discarded && tgcfVersionIn(discarded)]).toEqual(["1.2.0", "1.1.7", "1.1.8"]);

  const rolledBack = rollBackEnvironment(paths);
  expect([tgcfVersionIn(paths.venv), existsSync(paths.previous), rolledBack.discarded && tgcfVersionIn(rolledBack.discarded)]).toEqual(["1.1.7", false, "1.2.0"]);
});

test("the previous environment is let go of once tgcf started from the new one, not for runs that began before it", async () => {
  const dir = dataDir();
  const paths = managedPaths(dir);
  const switchedAt = new Date(Date.now() - 60_000);
  seedEnvironment(paths.venv, "1.2.0", switchedAt);
  seedEnvironment(paths.previous, "1.1.8");
  const installer = new TgcfInstaller({ dataDir: dir });
  const executable = join(paths.venv, "bin", "tgcf");

  expect(await installer.confirmStarted("/usr/local/bin/tgcf", new Date())).toBe(false);
  expect(await installer.confirmStarted(executable, new Date(switchedAt.getTime() - 1_000))).toBe(false);
  expect(existsSync(paths.previous)).toBe(true);

  expect(await installer.confirmStarted(executable, new Date())).toBe(true);
  await installer.settled();
  expect(existsSync(paths.previous)).toBe(false);
  expect(readdirSync(paths.stateDir)).toEqual(["tgcf-venv"]);
  await expect(installer.rollback()).rejects.toThrow("There is no previous tgcf environment to go back to");
});

test("the managed command is used only while no command of one's own is set, and is quoted for a path with spaces", () => {
  const dir = dataDir("tgcf env with spaces ");
  expect(managedTgcfCommand(dir)).toBeNull();
  expect(effectiveTgcfCommand("tgcf", dir)).toBe("tgcf");
  seedEnvironment(managedPaths(dir).venv, "1.1.8");
  const command = managedTgcfCommand(dir)!;
  expect(command).toBe(shellQuote(join(managedPaths(dir).venv, "bin", "tgcf")));
  expect(command).toStartWith("'");
  expect(effectiveTgcfCommand("tgcf", dir)).toBe(command);
  expect(effectiveTgcfCommand("/opt/tgcf/bin/tgcf", dir)).toBe("/opt/tgcf/bin/tgcf");
});

test("the install lock refuses a second holder while its process lives, and is taken over from a dead one", () => {
  const lock = join(dataDir(), ".tgcf-server", "tgcf-install.lock");
  const release = acquireInstallLock(lock);
  expect(() => acquireInstallLock(lock)).toThrow(InstallBusyError);
  release();
  expect(existsSync(lock)).toBe(false);

  const exited = Bun.spawnSync(["true"]);
  writeFileSync(lock, String(exited.pid));
  acquireInstallLock(lock)();

  const sleeper = Bun.spawn(["sleep", "30"]);
  try {
    writeFileSync(lock, String(sleeper.pid));
    expect(() => acquireInstallLock(lock)).toThrow(`another tgcf install is running (process ${sleeper.pid})`);
  } finally {
    sleeper.kill();
  }
});
