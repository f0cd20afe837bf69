import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../helpers/server";
import { findTgcfPython, programOf } from "../../../src/modules/telegram/python";
import { ApiError } from "../../../src/utils/api-error";

/** An executable file at dir/name with this text. */
function executable(dir: string, name: string, text = "#!/bin/sh\nexit 0\n"): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

/** A PATH directory holding python3, and a separate directory for tgcf scripts. */
function setup() {
  const root = tempDir("tgcf-python-");
  const bin = join(root, "bin");
  const pathPython = executable(bin, "python3");
  return { root, bin, pathPython };
}

const find = (tgcfCommand: string, searchPath: string, override: string | null = null) => findTgcfPython({ override, tgcfCommand, searchPath });

describe("finding the Python that runs tgcf", () => {
  test("a `python -m tgcf` command names the interpreter itself", () => {
    const { root, bin } = setup();
    const venvPython = executable(root, "venv/bin/python3.12");
    expect(find(`${venvPython} -m tgcf.cli`, bin)).toEqual({ path: venvPython, from: "the tgcf command" });
    expect(find("python3 -m tgcf.cli", bin)).toEqual({ path: join(bin, "python3"), from: "the tgcf command" });
    const spaced = executable(root, "my venv/bin/python");
    expect(find(`"${spaced}" -m tgcf.cli`, bin).path).toBe(spaced);
  });

  test("a tgcf script's shebang names the interpreter: a path, env, env -S, and pip's sh trampoline", () => {
    const { root, bin } = setup();
    const venvPython = executable(root, "venv/bin/python");
    const direct = executable(root, "a/tgcf", `#!${venvPython}\nimport tgcf\n`);
    expect(find(direct, bin)).toEqual({ path: venvPython, from: "tgcf's shebang" });
    const viaEnv = executable(root, "b/tgcf", "#!/usr/bin/env python3\n");
    expect(find(viaEnv, bin).path).toBe(join(bin, "python3"));
    const viaEnvSplit = executable(root, "c/tgcf", "#!/usr/bin/env -S python3 -u\n");
    expect(find(viaEnvSplit, bin).path).toBe(join(bin, "python3"));
    const longPython = executable(root, "a very long venv path/bin/python3");
    const trampoline = executable(root, "d/tgcf", `#!/bin/sh\n'''exec' "${longPython}" "$0" "$@"\n' '''\nimport tgcf\n`);
    expect(find(trampoline, bin).path).toBe(longPython);
  });

  test("tgcf found on PATH is read too", () => {
    const { bin } = setup();
    const venvPython = executable(bin, "python3.11");
    executable(bin, "tgcf", `#!${venvPython}\n`);
    expect(find("tgcf", bin)).toEqual({ path: venvPython, from: "tgcf's shebang" });
  });

  test("without a python in the command or shebang, python3 on PATH is used", () => {
    const { root, bin, pathPython } = setup();
    expect(find("no-such-tgcf", bin)).toEqual({ path: pathPython, from: "PATH" });
    expect(find(executable(root, "wrapper/tgcf", "#!/bin/bash\nexec something\n"), bin)).toEqual({ path: pathPython, from: "PATH" });
    expect(find(executable(root, "gone/tgcf", "#!/nowhere/bin/python3\n"), bin)).toEqual({ path: pathPython, from: "PATH" });
    expect(find("'unclosed", bin)).toEqual({ path: pathPython, from: "PATH" });
  });

  test("TGCF_SERVER_PYTHON wins over everything, and one that is not there is a 500 naming it", () => {
    const { root, bin } = setup();
    const chosen = executable(root, "chosen/python");
    expect(find("python3 -m tgcf.cli", bin, chosen)).toEqual({ path: chosen, from: "TGCF_SERVER_PYTHON" });
    expect(() => find("tgcf", bin, join(root, "missing/python"))).toThrow(/TGCF_SERVER_PYTHON/);
  });

  test("no python anywhere is a 500 saying to install tgcf or set TGCF_SERVER_PYTHON", () => {
    const empty = tempDir("tgcf-python-empty-");
    let error: unknown;
    try {
      find("tgcf", empty);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect((error as ApiError).message).toContain("pip install tgcf");
    expect((error as ApiError).message).toContain("TGCF_SERVER_PYTHON");
  });

  test("env's options and variable assignments are skipped to find the program", () => {
    expect(programOf(["env", "-i", "PYTHONPATH=/x", "python3", "-m", "tgcf.cli"])).toBe("python3");
    expect(programOf(["/usr/bin/env", "-Spython3 -u"])).toBe("python3");
    expect(programOf(["tgcf"])).toBe("tgcf");
    expect(programOf([])).toBeNull();
  });
});
