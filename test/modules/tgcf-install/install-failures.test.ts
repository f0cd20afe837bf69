// Installs that fail or are cancelled, for real (`python -m venv`, pip, a package index on 127.0.0.1): each leaves the
// environment in use working and says what to do. Each data dir starts with a stand-in environment in place; the
// failures run side by side, as each builds its own environment (~4-6 s).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { managedPaths } from "../../../src/modules/tgcf-install/paths";
import { TgcfInstaller } from "../../../src/modules/tgcf-install/installer";
import { commandLineOf, listProcesses, readProcessStat } from "../../../src/modules/process/proc";
import { isGroupAlive } from "../../../src/modules/process/signals";
import { BROKENPKG, closedIndexUrl, offlineEnv, standInTgcf, startPackageIndex, TINYDEP, type PackageIndex } from "./package-index";
import { startInstallApi } from "./install-api";
import { managedTgcfVersion, newDataDirWithWorkingTgcf, stateDirEntries } from "./seed";

const ENTRY = resolve(import.meta.dir, "../../../src/index.ts");
const dirs: string[] = [];
let index: PackageIndex;

beforeAll(async () => {
  index = await startPackageIndex([standInTgcf("1.1.8"), standInTgcf("1.2.0"), standInTgcf("1.3.0", ["brokenpkg"]), TINYDEP, BROKENPKG]);
});

afterAll(async () => {
  await index.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDirWithWorkingTgcf(): string {
  const dir = newDataDirWithWorkingTgcf();
  dirs.push(dir);
  return dir;
}

/** What an install that fails (`version` with pip's environment from `env`) must end with. */
interface FailureCase {
  version: string;
  env: () => Promise<Record<string, string | undefined>>;
  code: string;
  message: RegExp;
}

const FAILURES: Record<string, FailureCase> = {
  "a version that does not exist": {
    version: "9.9.9",
    env: async () => offlineEnv(index.url),
    code: "version-not-found",
    message: /^tgcf 9\.9\.9 does not exist on the package index http:\/\/127\.0\.0\.1:\d+\/simple\/: choose one of its versions \(the newest: 1\.1\.8, 1\.2\.0, 1\.3\.0\); this server is made for 1\.1\.8, the default\.$/,
  },
  "an index nobody answers at": {
    version: "1.1.8",
    env: async () => offlineEnv(await closedIndexUrl()),
    code: "index-unreachable",
    message: /^The package index http:\/\/127\.0\.0\.1:\d+\/simple\/ could not be reached \(Connection refused\): check the network connection and the proxy settings \(HTTPS_PROXY, HTTP_PROXY\), or name a reachable index with --index-url or PIP_INDEX_URL; then try again\.$/,
  },
  "a dependency without a wheel, and no compiler to build it": {
    version: "1.3.0",
    env: async () => offlineEnv(index.url, { CC: "tgcf-test-no-such-cc" }),
    code: "needs-compiler",
    message: /^Building brokenpkg failed: brokenpkg has no ready-made wheel for Python 3\.\d+ on this system, so pip had to build it, which needs a C compiler, and tgcf-test-no-such-cc is missing\. Use Python 3\.11, .*or install a compiler \(Debian\/Ubuntu: `apt install build-essential python3-dev`\); then try again\.$/,
  },
  "a dependency whose setup.py raises": {
    version: "1.3.0",
    env: async () => offlineEnv(index.url, { CC: "/bin/true" }),
    code: "build-failed",
    message: /^Building brokenpkg failed: brokenpkg has no ready-made wheel for Python 3\.\d+ on this system, so pip had to build it, and its build stopped with an error \(see the output above\)\. Use Python 3\.11/,
  },
};

for (const [what, failure] of Object.entries(FAILURES)) {
  test.concurrent(`${what}: the install fails with its sentence, and the environment in use still works`, async () => {
    const dir = dataDirWithWorkingTgcf();
    const installer = new TgcfInstaller({ dataDir: dir, env: await failure.env() });
    const report = await installer.start({ version: failure.version }).done;
    expect({ state: report.state, code: report.error?.code, message: report.error?.message }).toMatchObject({ state: "failed", code: failure.code });
    expect(report.error!.message).toMatch(failure.message);
    expect(managedTgcfVersion(dir)).toBe("1.1.8");
    expect(stateDirEntries(dir)).toEqual(["tgcf-install-report.json", "tgcf-venv"]);
  });
}

/** The process group of the pip that installs into `dir`, found in /proc by its command line. */
function pipGroupOf(dir: string): number {
  const pip = listProcesses().find((stat) => {
    const argv = commandLineOf(stat.pid) ?? [];
    return argv.includes("pip") && argv.some((arg) => arg.startsWith(managedPaths(dir).stateDir));
  });
  if (!pip) throw new Error("no pip runs for this data dir");
  return readProcessStat(pip.pid)!.pgrp;
}

test.concurrent("cancel ends pip and its whole process group; meanwhile a second install gets 409", async () => {
  const hanging = await startPackageIndex([standInTgcf("1.1.8"), TINYDEP], { hang: ["tgcf"] });
  const dir = dataDirWithWorkingTgcf();
  const api = startInstallApi(dir, offlineEnv(hanging.url));
  try {
    expect((await api.post("/api/tgcf/install")).status).toBe(202);
    await hanging.requested("/simple/tgcf/");
    const group = pipGroupOf(dir);
    expect(isGroupAlive(group)).toBe(true);

    const second = await api.post("/api/tgcf/install", { version: "1.2.0" });
    expect([second.status, (await second.json()).error]).toEqual([409, "a tgcf install is already running: wait for it to finish, or cancel it"]);

    const cancelled = await api.post("/api/tgcf/install/cancel");
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({
      state: "cancelled",
      error: { code: "cancelled", message: "The install was cancelled: the tgcf environment in use is unchanged." },
    });
    expect(isGroupAlive(group)).toBe(false);
    expect(managedTgcfVersion(dir)).toBe("1.1.8");
    expect(stateDirEntries(dir)).toEqual(["tgcf-install-report.json", "tgcf-venv"]);
    expect((await api.post("/api/tgcf/install/cancel")).status).toBe(409);
  } finally {
    await api.stop();
    await hanging.stop();
  }
});

test.concurrent("Ctrl-C on `tgcf-server tgcf install` cancels it: pip's group ends, exit code 130", async () => {
  const hanging = await startPackageIndex([standInTgcf("1.1.8"), TINYDEP], { hang: ["tgcf"] });
  const dir = dataDirWithWorkingTgcf();
  try {
    const cli = Bun.spawn([process.execPath, ENTRY, "tgcf", "install", "--data-dir", dir], { env: offlineEnv(hanging.url), stdout: "pipe", stderr: "pipe" });
    await hanging.requested("/simple/tgcf/");
    const group = pipGroupOf(dir);
    // A terminal's Ctrl-C reaches the server's process group only: pip runs in its own session, so the server ends it.
    cli.kill("SIGINT");
    const [stdout, stderr, code] = await Promise.all([new Response(cli.stdout).text(), new Response(cli.stderr).text(), cli.exited]);
    expect(code).toBe(130);
    expect(stdout).toContain("==> Getting tgcf 1.1.8 and reading its requirements\n");
    expect(stderr).toBe("tgcf-server: The install was cancelled: the tgcf environment in use is unchanged.\n");
    expect(isGroupAlive(group)).toBe(false);
    expect(managedTgcfVersion(dir)).toBe("1.1.8");
    expect(stateDirEntries(dir)).toEqual(["tgcf-install-report.json", "tgcf-venv"]);
  } finally {
    await hanging.stop();
  }
});
