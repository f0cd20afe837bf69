// The Python finder against fake interpreters on a PATH of temporary directories: each answers the probe like the
// Python it stands for. Real processes, no real Python needed.
import { afterEach, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPython } from "../../../src/modules/tgcf-install/python-finder";
import { InstallFailure } from "../../../src/modules/tgcf-install/failure";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function binDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-finder-"));
  dirs.push(dir);
  return dir;
}

function script(path: string, body: string): string {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A fake `name` in `dir` answering the probe as Python `version` installed at `executable`. */
function fakePython(dir: string, name: string, version: string, { executable = join(dir, `real-${name}-${version}`), ensurepip = true } = {}): string {
  const [major, minor, micro] = version.split(".");
  return script(join(dir, name), `echo '{"version": [${major}, ${minor}, ${micro}], "executable": "${executable}", "venv": true, "ensurepip": ${ensurepip}}'`);
}

async function failureOf(promise: Promise<unknown>): Promise<InstallFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InstallFailure) return error;
    throw error;
  }
  throw new Error("expected an InstallFailure");
}

test("Python 3.11 wins over a python3 that comes first on the PATH but is 3.12", async () => {
  const first = binDir();
  const second = binDir();
  fakePython(first, "python3", "3.12.1");
  fakePython(second, "python3.11", "3.11.2");
  const { python, warnings } = await findPython({ env: { PATH: `${first}:${second}` } });
  expect(python).toMatchObject({ version: "3.11.2", minor: "3.11", foundAs: "python3.11", canCreateVenv: true });
  expect(warnings).toEqual([]);
});

test("a broken shim (pyenv's, for a version not selected) is passed over for the next directory's", async () => {
  const shims = binDir();
  const system = binDir();
  script(join(shims, "python3.11"), "echo 'pyenv: python3.11: command not found' >&2; exit 127");
  fakePython(system, "python3.11", "3.11.2");
  const { python } = await findPython({ env: { PATH: `${shims}:${system}` } });
  expect(python.executable).toBe(join(system, "real-python3.11-3.11.2"));
});

test("a Python 3.12 is used when nothing better is there, with a warning about compiling cryptg", async () => {
  const dir = binDir();
  fakePython(dir, "python3", "3.12.1");
  const { python, warnings } = await findPython({ env: { PATH: dir } });
  expect(python.version).toBe("3.12.1");
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toStartWith("Using Python 3.12.1");
  expect(warnings[0]).toContain("cryptg 0.4 has ready-made wheels only up to Python 3.11");
});

test("uv on the PATH provides Python 3.11 before a 3.12 is settled for", async () => {
  const dir = binDir();
  const uvPythons = binDir();
  fakePython(dir, "python3", "3.12.1");
  const uvPython = fakePython(uvPythons, "python3.11", "3.11.9", { executable: join(uvPythons, "cpython-3.11.9/bin/python3.11") });
  const log = join(uvPythons, "uv-calls");
  script(join(dir, "uv"), `echo "$@" >> ${log}\ncase "$2" in install) echo "Installed Python 3.11.9" >&2;; find) echo ${uvPython};; esac`);
  const lines: string[] = [];
  const { python, warnings } = await findPython({ env: { PATH: dir }, onLine: (line) => lines.push(line) });
  expect(python).toMatchObject({ version: "3.11.9", foundAs: "uv" });
  expect(warnings).toEqual([]);
  expect(lines).toContain("Installed Python 3.11.9");
  expect(await Bun.file(log).text()).toBe("python install 3.11\npython find --python-preference only-managed 3.11\n");
});

test("uv failing (offline) is a warning, and the 3.12 is used", async () => {
  const dir = binDir();
  fakePython(dir, "python3", "3.12.1");
  script(join(dir, "uv"), "echo 'error: Failed to download https://github.com/...: dns error' >&2; exit 2");
  const { python, warnings } = await findPython({ env: { PATH: dir } });
  expect(python.version).toBe("3.12.1");
  expect(warnings[0]).toBe("uv could not install Python 3.11: error: Failed to download https://github.com/...: dns error");
});

test("a Python 3.11 without ensurepip (Debian without python3.11-venv) gets the apt line", async () => {
  const dir = binDir();
  fakePython(dir, "python3", "3.11.2", { executable: "/usr/bin/python3.11", ensurepip: false });
  const failure = await failureOf(findPython({ env: { PATH: dir } }));
  expect(failure.code).toBe("no-venv-module");
  expect(failure.message).toBe(
    "Python 3.11 (/usr/bin/python3.11) cannot create a virtual environment because its venv/ensurepip module is missing: " +
      "install it with `apt install python3.11-venv` (Debian/Ubuntu; or `apt install python3-venv`), then try again.",
  );
});

test("only a Python older than 3.10 is too old, said with how to get a newer one", async () => {
  const dir = binDir();
  fakePython(dir, "python3", "3.9.2", { executable: "/usr/bin/python3.9" });
  const failure = await failureOf(findPython({ env: { PATH: dir } }));
  expect(failure.code).toBe("python-too-old");
  expect(failure.message).toStartWith("Only Python 3.9.2 (/usr/bin/python3.9) was found, and tgcf needs Python 3.10 or newer: install Python 3.11");
});

test("no Python at all names the apt, dnf and brew lines and uv", async () => {
  const empty = binDir();
  mkdirSync(join(empty, "python3")); // a directory named like a Python is not one
  const failure = await failureOf(findPython({ env: { PATH: empty } }));
  expect(failure.code).toBe("no-python");
  expect(failure.message).toContain("`apt install python3.11 python3.11-venv`");
  expect(failure.message).toContain("`dnf install python3.11`");
  expect(failure.message).toContain("`brew install python@3.11`");
  expect(failure.message).toContain("uv (https://docs.astral.sh/uv/)");
});
