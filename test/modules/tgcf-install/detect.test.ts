// GET /api/tgcf's detection against stand-in tgcf commands: console scripts in the forms pip writes, `python -m`,
// broken and silent ones. Real processes; the stand-ins are scripts run by the test Python.
import { afterEach, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectTgcf } from "../../../src/modules/tgcf-install/detect";
import { managedPaths } from "../../../src/modules/tgcf-install/paths";
import { TEST_PATH, TEST_PYTHON } from "./package-index";
import { seedEnvironment } from "./seed";
import { startTestServer } from "../../helpers/server";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-detect-test-"));
  dirs.push(dir);
  return dir;
}

const PYTHON_VERSION = Bun.spawnSync([TEST_PYTHON, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]).stdout.toString().trim();
/** Like tgcf 1.1.8 with FORCE_COLOR (which the server sets): rich's colours around the version; and it writes its config in its working directory. */
const ANSWERS_IN_COLOUR = [
  "import sys, os",
  "open('tgcf.config.json', 'w').write('{}')",
  "print('\\x1b[1;36m1.1\\x1b[0m\\x1b[1;32m.\\x1b[0m\\x1b[1;36m8\\x1b[0m' if os.environ.get('FORCE_COLOR') else '1.1.8')",
].join("\n");

function script(path: string, text: string): string {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

test("a console script with a #! line: its version as plain text, its Python, compatible, run away from the data dir", async () => {
  const dir = tempDir();
  const tgcf = script(join(dir, "tgcf"), `#!${TEST_PYTHON}\n${ANSWERS_IN_COLOUR}\n`);
  const status = await detectTgcf({ command: tgcf, dataDir: dir, env: { PATH: TEST_PATH } });
  expect(status).toEqual({
    installed: true,
    version: "1.1.8",
    command: tgcf,
    executable: tgcf,
    python: { executable: TEST_PYTHON, version: PYTHON_VERSION },
    managed: false,
    compatible: true,
    rollbackVersion: null,
    problems: [],
  });
  expect(readdirSync(dir)).toEqual(["tgcf"]); // its tgcf.config.json went to a private directory, since removed
});

test("pip's /bin/sh wrapper (a long or spaced path) and `python -m` name their Python too", async () => {
  const dir = tempDir();
  const wrapped = script(join(dir, "tgcf"), `#!/bin/sh\n'''exec' "${TEST_PYTHON}" "$0" "$@"\n' '''\n${ANSWERS_IN_COLOUR}\n`);
  const viaWrapper = await detectTgcf({ command: wrapped, dataDir: dir, env: { PATH: TEST_PATH } });
  expect([viaWrapper.version, viaWrapper.python?.executable]).toEqual(["1.1.8", TEST_PYTHON]);

  writeFileSync(join(dir, "answer.py"), ANSWERS_IN_COLOUR);
  const viaPython = await detectTgcf({ command: `${TEST_PYTHON} ${join(dir, "answer.py")}`, dataDir: dir, env: { PATH: TEST_PATH } });
  expect([viaPython.version, viaPython.python?.executable]).toEqual(["1.1.8", TEST_PYTHON]);
});

test("another version is installed but not compatible, and the problem says what to do", async () => {
  const dir = tempDir();
  const tgcf = script(join(dir, "tgcf"), "#!/bin/sh\necho 1.2.0\n");
  const status = await detectTgcf({ command: tgcf, dataDir: dir, env: { PATH: TEST_PATH } });
  expect(status).toMatchObject({ installed: true, version: "1.2.0", compatible: false, python: null });
  expect(status.problems).toEqual([
    "tgcf 1.2.0 is installed, but this server is made for tgcf 1.1.8: its settings and behaviour may differ. Install 1.1.8 with `tgcf-server tgcf install` (or POST /api/tgcf/install).",
  ]);
});

test("not found, failing, silent and hanging commands each get their sentence", async () => {
  const dir = tempDir();
  const env = { PATH: `${dir}:${TEST_PATH}` };
  const missing = await detectTgcf({ command: "tgcf", dataDir: dir, env });
  expect(missing).toMatchObject({ installed: false, executable: null });
  expect(missing.problems[0]).toBe(
    "tgcf is not installed (`tgcf` was not found on the PATH): install it with `tgcf-server tgcf install` (or POST /api/tgcf/install), or set TGCF_SERVER_COMMAND to the tgcf you installed.",
  );

  script(join(dir, "broken"), `#!${TEST_PYTHON}\nimport telethon_that_is_missing\n`);
  const broken = await detectTgcf({ command: "broken", dataDir: dir, env });
  expect(broken.installed).toBe(false);
  expect(broken.problems[0]).toMatch(/^`broken --version` failed \(exit code 1: ModuleNotFoundError: No module named 'telethon_that_is_missing'\): reinstall tgcf/);

  script(join(dir, "chatty"), "#!/bin/sh\necho 'Usage: tgcf [OPTIONS]'\n");
  expect((await detectTgcf({ command: "chatty", dataDir: dir, env })).problems[0]).toBe('`chatty --version` printed no version number ("Usage: tgcf [OPTIONS]"): check that the command runs tgcf.');

  script(join(dir, "hangs"), "#!/bin/sh\nexec sleep 30\n");
  const started = Date.now();
  const hanging = await detectTgcf({ command: "hangs", dataDir: dir, env, timeoutMs: 300 });
  expect(hanging.problems[0]).toStartWith("`hangs --version` did not answer within 300 ms: check that tgcf works");
  expect(Date.now() - started).toBeLessThan(5_000);

  expect((await detectTgcf({ command: "tgcf 'unclosed", dataDir: dir, env })).problems[0]).toStartWith("TGCF_SERVER_COMMAND is not a valid command");
});

test("the managed tgcf is recognised as managed, and the version kept for a rollback is named", async () => {
  const dir = tempDir();
  const paths = managedPaths(dir);
  mkdirSync(paths.stateDir, { mode: 0o700 });
  seedEnvironment(paths.venv, "1.1.8");
  seedEnvironment(paths.previous, "1.1.7");
  const status = await detectTgcf({ command: join(paths.venv, "bin", "tgcf"), dataDir: dir, env: { PATH: TEST_PATH } });
  expect(status).toMatchObject({ installed: true, version: "1.1.8", managed: true, compatible: true, rollbackVersion: "1.1.7" });
});

test("in the whole server: GET /api/tgcf checks the configured command, and no install is started for a tgcf it would not run", async () => {
  const server = await startTestServer();
  try {
    const response = await server.api("/api/tgcf");
    expect(response.status).toBe(200);
    const status = await response.json();
    expect(status).toMatchObject({ installed: true, version: "1.1.8", compatible: true, managed: false, problems: [] });
    expect(existsSync(join(server.dataDir, "tgcf.config.json"))).toBe(false);
    expect((await server.api("/api/tgcf", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);

    const install = await server.api("/api/tgcf/install", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(install.status).toBe(409);
    expect((await install.json()).error).toStartWith("TGCF_SERVER_COMMAND (or --tgcf-command) is set to");
    expect(existsSync(join(server.dataDir, ".tgcf-server", "tgcf-install.lock"))).toBe(false);

    const spec = await (await server.api("/api/docs/json")).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(["/api/tgcf", "/api/tgcf/install", "/api/tgcf/install/events", "/api/tgcf/install/cancel", "/api/tgcf/rollback"]));
    expect(spec.paths["/api/tgcf/install"].post.responses["409"]).toBeTruthy();
  } finally {
    await server.stop();
  }
});
