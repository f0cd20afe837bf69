// The supervisor with real processes: the fake tgcf (test/fixtures/fake-tgcf.ts) in its own process group.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { StateFiles } from "../../../src/modules/process/desired-state";
import { FAMILY_TAG_VARIABLE, familyTagOf } from "../../../src/modules/process/family";
import { isGroupAlive, listProcesses, readProcessStat, signalGroup } from "../../../src/modules/process/process-group";
import { bunSpawner, type SpawnRequest, type Spawner } from "../../../src/modules/process/spawner";
import { Supervisor, type SupervisorOptions } from "../../../src/modules/process/supervisor";
import { discardingOutput, FAKE_TGCF, FAKE_TGCF_COMMAND, FakeClock, RecordingOutput, temporaryDirectory, waitFor } from "./fakes";

const SHORT_GRACE_MS = 300;
const SHORT_KILL_AFTER_MS = 300;
const strays: number[] = [];

afterAll(() => {
  for (const pgid of strays) if (isGroupAlive(pgid)) signalGroup(pgid, "SIGKILL");
});

function setup(fakeEnv: Record<string, string> = {}, options: Partial<SupervisorOptions> = {}) {
  const dataDir = options.dataDir ?? temporaryDirectory();
  const output = new RecordingOutput();
  const report = join(dataDir, "report.json");
  const supervisor = new Supervisor({
    dataDir,
    command: FAKE_TGCF_COMMAND,
    output,
    stopGraceMs: SHORT_GRACE_MS,
    killAfterMs: SHORT_KILL_AFTER_MS,
    env: { PATH: process.env.PATH, FAKE_TGCF_REPORT: report, ...fakeEnv },
    ...options,
  });
  supervisor.onStatus((status) => status.pid !== null && strays.push(status.pid));
  const readReport = async () => {
    await waitFor(() => existsSync(report), "the fake's report");
    return JSON.parse(readFileSync(report, "utf8"));
  };
  const stateIs = (state: string) => waitFor(() => supervisor.status().state === state, `state ${state}`);
  return { dataDir, output, supervisor, readReport, stateIs };
}

/** Dead means gone from /proc, or a zombie waiting for a parent (pid 1 here) to reap it. */
function isDead(pid: number): boolean {
  const state = readProcessStat(pid)?.state;
  return state === undefined || state === "Z";
}

function countingSpawner(): Spawner & { count: number } {
  const spawner = {
    count: 0,
    spawn(request: SpawnRequest) {
      spawner.count++;
      return bunSpawner.spawn(request);
    },
  };
  return spawner;
}

describe("the supervisor with the fake tgcf", () => {
  test("runs it in its own group in the data dir with unbuffered, wide, coloured output, and stops it with SIGINT", async () => {
    const { dataDir, output, supervisor, readReport } = setup({ FAKE_TGCF_TICK_MS: "20" });
    const { pid } = await supervisor.start("live", "web UI");
    const report = await readReport();
    expect(report).toMatchObject({ pid, pgid: pid, cwd: dataDir, argv: [process.execPath, FAKE_TGCF, "live", "--loud"] });
    expect(report.env).toMatchObject({ PYTHONUNBUFFERED: "1", FORCE_COLOR: "1", COLUMNS: "200" });
    expect(report.env[FAMILY_TAG_VARIABLE]).toBe(familyTagOf(dataDir)); // inherited by all it starts, so a stop finds them
    // The fake block-buffers without PYTHONUNBUFFERED: lines arriving while it runs prove the setting works.
    await waitFor(() => output.text("stdout").includes("forwarded message 3"), "live output");
    expect(output.text("stdout")).toContain("\x1b]8;id="); // rich's links survive the pipe

    expect(await supervisor.stop("web UI")).toEqual({ exitCode: 1, signal: null });
    expect(supervisor.status()).toMatchObject({ state: "stopped", lastExit: { code: 1, signal: null, reason: "stopped by web UI" } });
    expect(output.text("stderr")).toBe("\x1b[31mAborted.\x1b[0m\n");
    expect(output.ended.sort()).toEqual(["stderr", "stdout"]);
    expect(isDead(pid)).toBe(true);
  });

  test("a tgcf that answers SIGINT with a shutdown line and code 0 is stopped just the same", async () => {
    const { output, supervisor } = setup({ FAKE_TGCF_SIGINT_EXIT: "0" });
    await supervisor.start("live", "web UI");
    await waitFor(() => output.text("stdout").includes("live mode"), "startup");
    expect(await supervisor.stop("web UI")).toEqual({ exitCode: 0, signal: null });
    expect(output.text("stdout")).toContain("received SIGINT: tgcf stopped");
    expect(supervisor.status().state).toBe("stopped");
  });

  test("stop escalates to SIGKILL when tgcf and its grandchild ignore SIGINT and SIGTERM; both are gone when it resolves", async () => {
    const grandchildPidFile = join(temporaryDirectory(), "grandchild.pid");
    const { supervisor } = setup({ FAKE_TGCF_IGNORE_SIGNALS: "1", FAKE_TGCF_GRANDCHILD_PID_FILE: grandchildPidFile });
    const { pid } = await supervisor.start("live", "web UI");
    await waitFor(() => existsSync(grandchildPidFile), "the grandchild");
    const grandchild = Number(readFileSync(grandchildPidFile, "utf8"));
    strays.push(grandchild);
    expect(readProcessStat(grandchild)?.pgrp).toBe(pid);

    expect(await supervisor.stop("web UI")).toEqual({ exitCode: null, signal: "SIGKILL" });
    expect(isDead(pid)).toBe(true);
    expect(isDead(grandchild)).toBe(true);
    expect(isGroupAlive(pid)).toBe(false);
  });

  test("a tgcf that ignores only SIGINT is ended by SIGTERM", async () => {
    const { output, supervisor } = setup({ FAKE_TGCF_IGNORE_SIGNALS: "SIGINT" });
    await supervisor.start("live", "web UI");
    await waitFor(() => output.text("stdout").includes("live mode"), "its signal handlers"); // an earlier SIGINT kills it outright
    expect(await supervisor.stop("web UI")).toEqual({ exitCode: null, signal: "SIGTERM" });
  });

  test("a past run that finishes leaves the state exited, without a restart", async () => {
    const { output, supervisor, stateIs } = setup({ FAKE_TGCF_PAST_MS: "20" });
    await supervisor.start("past", "web UI");
    await stateIs("exited");
    expect(supervisor.status().lastExit).toMatchObject({ code: 0, signal: null, reason: "past run finished" });
    await Bun.sleep(SHORT_GRACE_MS);
    expect(output.systemLines.filter((line) => line.startsWith("started"))).toHaveLength(1);
  });

  test("five quick crashes of the real fake end in fatal, leading with the cause read from its traceback", async () => {
    const clock = new FakeClock(); // backoff waits on fake time; the processes are real
    const { supervisor, stateIs } = setup({ FAKE_TGCF_EXIT_AFTER_MS: "0" }, { clock });
    await supervisor.start("live", "web UI");
    for (let crash = 1; crash < 5; crash++) {
      await stateIs("backoff");
      await clock.advance(clock.pendingDelays()[0]!);
    }
    await stateIs("fatal");
    expect(supervisor.status().restarts).toBe(4);
    const lastExit = supervisor.status().lastExit!;
    expect(lastExit.reason).toStartWith("ConnectionError: Connection to Telegram failed 5 time(s)");
    expect(lastExit.cause).toMatchObject({ exceptionType: "ConnectionError", hint: { kind: "network" } });
    expect(lastExit.lastLines.at(-1)).toBe("ConnectionError: Connection to Telegram failed 5 time(s)");
  });

  test("50 concurrent starts spawn exactly one tgcf", async () => {
    const spawner = countingSpawner();
    const { supervisor } = setup({}, { spawner });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => supervisor.start("live", "web UI")));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(spawner.count).toBe(1);
    await supervisor.stop("web UI");
  });

  test("a child printing 10 MB finishes although the sink keeps nothing: the pipes are drained", async () => {
    const { supervisor, stateIs } = setup({ FAKE_TGCF_FLOOD_LINES: "100000", FAKE_TGCF_FLOOD_LINE_BYTES: "100" }, { output: discardingOutput });
    await supervisor.start("past", "web UI");
    await stateIs("exited");
    expect(supervisor.status().lastExit).toMatchObject({ code: 0, reason: "past run finished" });
  });

  test("a flood arrives whole, line for line", async () => {
    const { output, supervisor, stateIs } = setup({ FAKE_TGCF_FLOOD_LINES: "20000", FAKE_TGCF_FLOOD_LINE_BYTES: "64" });
    await supervisor.start("past", "web UI");
    await stateIs("exited");
    expect(output.text("stdout").match(/^flood \d+ \.+$/gm)).toHaveLength(20_000);
  });

  test("partial lines and bytes that are not UTF-8 reach the sink unchanged", async () => {
    const { output, supervisor, stateIs } = setup({
      FAKE_TGCF_PARTIAL_LINE: "1",
      FAKE_TGCF_PARTIAL_DELAY_MS: "50",
      FAKE_TGCF_INVALID_UTF8: "1",
      FAKE_TGCF_PAST_MS: "300",
    });
    await supervisor.start("past", "web UI");
    await stateIs("exited");
    expect(output.raw("stdout").includes(Buffer.from([0x3a, 0x20, 0xff, 0xfe, 0x20, 0x80, 0x20, 0xe2, 0x82, 0x0a]))).toBe(true);
    expect(output.text("stdout")).toContain("partial line: café, finished\n");
  });
});

describe("desired state and recovery with real processes", () => {
  test("a new Supervisor restores the state the previous one was shut down in", async () => {
    const first = setup();
    const { pid: firstPid } = await first.supervisor.start("live", "web UI");
    await first.supervisor.shutdown();
    expect(isDead(firstPid)).toBe(true);
    const second = setup({}, { dataDir: first.dataDir });
    await second.supervisor.recover();
    expect(second.supervisor.status()).toMatchObject({ state: "running", mode: "live" });
    expect(second.supervisor.status().pid).not.toBe(firstPid);
    await second.supervisor.stop("web UI");
  });

  test("recover stops, whole group included, a tgcf left running by a server that was SIGKILLed", async () => {
    const dataDir = temporaryDirectory();
    const grandchildPidFile = join(dataDir, "grandchild.pid");
    const argv = [process.execPath, FAKE_TGCF, "live", "--loud"];
    const orphan = Bun.spawn(argv, {
      cwd: dataDir,
      detached: true,
      stdio: ["ignore", "ignore", "ignore"],
      env: { ...process.env, FAKE_TGCF_IGNORE_SIGNALS: "SIGINT", FAKE_TGCF_GRANDCHILD_PID_FILE: grandchildPidFile },
    });
    strays.push(orphan.pid);
    await waitFor(() => existsSync(grandchildPidFile), "the orphan's grandchild");
    const grandchild = Number(readFileSync(grandchildPidFile, "utf8"));
    await new StateFiles(dataDir).writeChildRecord({ pid: orphan.pid, commandLine: argv, startTime: "2026-01-01T00:00:00.000Z", mode: "live" });

    const { output, supervisor } = setup({}, { dataDir });
    await supervisor.recover();
    expect(isDead(orphan.pid)).toBe(true);
    expect(isDead(grandchild)).toBe(true);
    expect(output.systemLines).toEqual([
      `tgcf pid ${orphan.pid} (started 2026-01-01T00:00:00.000Z) outlived the previous server; stopping it`,
      `stopped pid ${orphan.pid}`,
    ]);
    expect(supervisor.status().state).toBe("stopped");
  });

  test("recover leaves alone an unrelated process that reuses the recorded pid", async () => {
    const dataDir = temporaryDirectory();
    const unrelated = Bun.spawn(["sleep", "30"], { detached: true, stdio: ["ignore", "ignore", "ignore"] });
    strays.push(unrelated.pid);
    const argv = [process.execPath, FAKE_TGCF, "live", "--loud"];
    await new StateFiles(dataDir).writeChildRecord({ pid: unrelated.pid, commandLine: argv, startTime: "2026-01-01T00:00:00.000Z", mode: "live" });
    const { supervisor } = setup({}, { dataDir });
    await supervisor.recover();
    expect(readProcessStat(unrelated.pid)?.state).toMatch(/[RS]/);
    unrelated.kill("SIGKILL");
  });
});

test("100 start/stop cycles leave no zombie child behind", async () => {
  const { supervisor } = setup({ FAKE_TGCF_PAST_MS: "60000" });
  for (let cycle = 0; cycle < 100; cycle++) {
    await supervisor.start(cycle % 2 === 0 ? "live" : "past", "web UI");
    await supervisor.stop("web UI");
  }
  const zombies = listProcesses().filter((stat) => stat.ppid === process.pid && stat.state === "Z");
  expect(zombies).toEqual([]);
}, 180_000);
