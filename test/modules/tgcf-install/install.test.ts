// The installer for real: `python -m venv`, then pip installing stand-in distributions (built from
// test/fixtures/tgcf-wheel) from a package index on 127.0.0.1. pip reads no config and knows no other index: nothing
// leaves loopback. Building each environment takes most of the time (~4-6 s). Failures and cancel: install-failures.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { managedPaths, tgcfScriptOf } from "../../../src/modules/tgcf-install/paths";
import { TgcfInstaller } from "../../../src/modules/tgcf-install/installer";
import type { InstallEvent } from "../../../src/modules/tgcf-install/model";
import { closedIndexUrl, offlineEnv, standInTgcf, startPackageIndex, TINYDEP, type PackageIndex } from "./package-index";
import { readEventStream, startInstallApi } from "./install-api";
import { managedTgcfVersion, newDataDir, stateDirEntries } from "./seed";

const ENTRY = resolve(import.meta.dir, "../../../src/index.ts");
const dirs: string[] = [];
let index: PackageIndex;

beforeAll(async () => {
  index = await startPackageIndex([standInTgcf("1.1.8"), standInTgcf("1.2.0"), TINYDEP]);
});

afterAll(async () => {
  await index.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = newDataDir();
  dirs.push(dir);
  return dir;
}

async function firstLineOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  return text.split("\n")[0]!;
}

describe("install, upgrade and rollback in one data dir", () => {
  const dir = dataDir();

  test("`tgcf-server tgcf install --index-url` builds the managed environment, printing each step and package", async () => {
    // PIP_INDEX_URL points nowhere: --index-url must win over it.
    const env = offlineEnv(await closedIndexUrl());
    const cli = Bun.spawn([process.execPath, ENTRY, "tgcf", "install", "--data-dir", dir, "--index-url", index.url], { env, stdout: "pipe", stderr: "pipe" });
    const [stdout, stderr, code] = await Promise.all([new Response(cli.stdout).text(), new Response(cli.stderr).text(), cli.exited]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const lines = stdout.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("==> ")).map((line) => line.split(" ").slice(1, 3).join(" "))).toEqual([
      "Looking for",
      "Creating a",
      "Getting tgcf",
      "Downloading tgcf",
      "Installing tgcf",
      "Checking that",
      "Putting the",
    ]);
    expect(lines).toContain("==> Downloading tgcf 1.1.8's dependencies (1 declared, and what they need; leaving out streamlit and tg-login: only tgcf's own web UI uses them)");
    expect(stdout).toMatch(/\n {4}Downloading tgcf 1\.1\.8 \([\d.]+ kB\)\n/);
    expect(stdout).toMatch(/\n {4}Downloading tinydep 1\.0 \(\d+ bytes\)\n/);
    const command = join(managedPaths(dir).venv, "bin", "tgcf");
    expect(lines.at(-1)).toMatch(new RegExp(`^tgcf 1\\.1\\.8 is installed \\(2 packages, [\\d.]+ kB downloaded\\): ${command}$`));

    expect(managedTgcfVersion(dir)).toBe("1.1.8");
    // Its dependency is there, the web UI's are not, and pip never asked the index for them.
    const tgcf = Bun.spawn([command, "live"], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    try {
      expect(await firstLineOf(tgcf.stdout)).toBe("stand-in tgcf 1.1.8 running (tinydep)");
    } finally {
      tgcf.kill("SIGINT");
    }
    expect(await tgcf.exited).toBe(0);
    const streamlit = Bun.spawnSync([join(managedPaths(dir).venv, "bin", "python"), "-c", "import streamlit"]);
    expect(streamlit.stderr.toString()).toContain("No module named 'streamlit'");
    expect(index.requests.filter((path) => /streamlit|tg-login/.test(path))).toEqual([]);
    expect(stateDirEntries(dir)).toEqual(["tgcf-install-report.json", "tgcf-venv"]);
  });

  test("an upgrade streams its steps as server-sent events and keeps the old environment; a rollback goes back to it", async () => {
    const api = startInstallApi(dir, offlineEnv(index.url));
    try {
      expect(await (await api.get("/api/tgcf")).json()).toMatchObject({ installed: true, version: "1.1.8", managed: true, compatible: true, rollbackVersion: null, problems: [] });

      const started = await api.post("/api/tgcf/install", { version: "1.2.0" });
      expect(started.status).toBe(202);
      expect(await started.json()).toMatchObject({ state: "running", version: "1.2.0" });
      const second = await api.post("/api/tgcf/install", {});
      expect([second.status, (await second.json()).error]).toEqual([409, "a tgcf install is already running: wait for it to finish, or cancel it"]);
      expect((await api.post("/api/tgcf/rollback")).status).toBe(409);

      const events = await readEventStream(await api.get("/api/tgcf/install/events"));
      expect(events.filter((event) => event.event === "step").map((event) => event.data.step)).toEqual([
        "find-python",
        "create-environment",
        "resolve",
        "download",
        "install",
        "check",
        "switch",
      ]);
      const downloads = events.filter((event) => event.data.package?.action === "downloading").map((event) => event.data.message);
      expect(downloads).toHaveLength(2);
      expect(downloads[0]).toMatch(/^Downloading tgcf 1\.2\.0 \([\d.]+ kB\)$/);
      expect(downloads[1]).toMatch(/^Downloading tinydep 1\.0 \(\d+ bytes\)$/);
      expect(events.some((event) => event.event === "output" && event.data.message.startsWith("Looking in indexes: "))).toBe(true);
      const finished = events.at(-1)!;
      expect(finished.event).toBe("finished");
      const report = finished.data.report!;
      expect(report).toMatchObject({ state: "succeeded", version: "1.2.0", error: null, rollbackVersion: "1.1.8", command: tgcfScriptOf(managedPaths(dir).venv) });
      expect(report.skippedRequirements).toEqual(["streamlit (>=1.15.2,<2.0.0)", "tg-login (>=0.0.4,<0.0.5)"]);
      expect(events.map((event) => event.data.seq)).toEqual(events.map((_, position) => position + 1));

      // A client that reconnects gets only what it has not seen; the last report is kept, also for a restarted server.
      const checkStep = events.find((event) => event.data.step === "check")!;
      const resumed = await readEventStream(await api.get("/api/tgcf/install/events", { "last-event-id": checkStep.id! }));
      expect(resumed.map((event) => event.data.seq)).toEqual(events.filter((event) => event.data.seq > checkStep.data.seq).map((event) => event.data.seq));
      expect(await (await api.get("/api/tgcf/install")).json()).toEqual(report);
      expect(new TgcfInstaller({ dataDir: dir }).lastReport()).toEqual(report);

      expect(await (await api.get("/api/tgcf")).json()).toMatchObject({ version: "1.2.0", managed: true, compatible: false, rollbackVersion: "1.1.8" });
      expect(managedTgcfVersion(dir)).toBe("1.2.0");

      const rollback = await api.post("/api/tgcf/rollback");
      expect([rollback.status, await rollback.json()]).toEqual([200, { version: "1.1.8", command: tgcfScriptOf(managedPaths(dir).venv) }]);
      expect(managedTgcfVersion(dir)).toBe("1.1.8");
      expect(await (await api.get("/api/tgcf")).json()).toMatchObject({ version: "1.1.8", compatible: true, rollbackVersion: null, problems: [] });
      const again = await api.post("/api/tgcf/rollback");
      expect([again.status, (await again.json()).error]).toEqual([409, "There is no previous tgcf environment to go back to: it is kept only from an install until the new tgcf has started once."]);
      await api.installer.settled();
      expect(stateDirEntries(dir)).toEqual(["tgcf-install-report.json", "tgcf-venv"]);
    } finally {
      await api.stop();
    }
  });
});

test("an install that has not started reports so, and its event stream says idle", async () => {
  const dir = dataDir();
  const api = startInstallApi(dir, offlineEnv(index.url));
  try {
    expect((await api.get("/api/tgcf/install")).status).toBe(404);
    expect(await readEventStream(await api.get("/api/tgcf/install/events"))).toEqual([{ id: null, event: "idle", data: { report: null } as unknown as InstallEvent }]);
    const invalid = await api.post("/api/tgcf/install", { version: "1.1.8 --index-url http://example.invalid" });
    expect(invalid.status).toBe(422);
    expect(existsSync(managedPaths(dir).stateDir)).toBe(false);
  } finally {
    await api.stop();
  }
});
