// The supervisor's state machine on a fake clock and an in-memory OS (no real processes).
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BACKOFF_MAX_MS } from "../../../src/modules/process/backoff";
import { TGCF_NOT_FOUND } from "../../../src/modules/process/command";
import { DESIRED_STATE_FILE, STATE_DIR_NAME, StateFiles } from "../../../src/modules/process/desired-state";
import { CHILD_ENV_OVERRIDES } from "../../../src/modules/process/spawner";
import type { ProcessState } from "../../../src/modules/process/state";
import { Supervisor, type SupervisorOptions } from "../../../src/modules/process/supervisor";
import { ApiError } from "../../../src/utils/api-error";
import { FakeClock, FakeOs, RecordingOutput, temporaryDirectory, waitFor } from "./fakes";
import { apiErrorOf as apiError } from "../../helpers/api-error-of";

const GRACE_MS = 5_000;
const KILL_AFTER_MS = 2_000;
const LAST_WORDS = "ConnectionError: Connection to Telegram failed 5 time(s)";

function setup(options: Partial<SupervisorOptions> = {}) {
  const os = new FakeOs();
  const clock = new FakeClock();
  const output = new RecordingOutput();
  const dataDir = options.dataDir ?? temporaryDirectory();
  const supervisor = new Supervisor({
    dataDir,
    command: process.execPath, // any executable: the fake OS spawns nothing
    output,
    spawner: os,
    processGroups: os,
    clock,
    stopGraceMs: GRACE_MS,
    killAfterMs: KILL_AFTER_MS,
    ...options,
  });
  const states: ProcessState[] = [];
  supervisor.onStatus((status) => states.push(status.state));
  const stateIs = (state: ProcessState) => waitFor(() => supervisor.status().state === state, `state ${state}`);
  /** The current child prints its last words and exits on its own. */
  const crash = async (code = 1) => {
    os.last.print("stderr", `${LAST_WORDS}\n`);
    os.last.exit(code);
    await waitFor(() => !supervisor.status().isRunning, "the exit to be handled");
  };
  return { os, clock, output, dataDir, supervisor, states, stateIs, crash };
}

function desiredStateOn(dataDir: string): unknown {
  return JSON.parse(readFileSync(join(dataDir, STATE_DIR_NAME, DESIRED_STATE_FILE), "utf8"));
}

describe("start", () => {
  test("spawns `<command> <mode> --loud` in the data dir with the pipe-friendly environment, and reports it", async () => {
    const { os, clock, output, dataDir, supervisor, states } = setup();
    expect(await supervisor.start("live", "web UI")).toEqual({ pid: 1000 });
    expect(os.requests[0]).toMatchObject({ argv: [process.execPath, "live", "--loud"], cwd: dataDir, env: CHILD_ENV_OVERRIDES });
    expect(output.systemLines).toEqual(["started pid 1000 in live mode (by web UI)"]);
    expect(states).toEqual(["starting", "running"]);
    await clock.advance(65_000);
    expect(supervisor.status()).toEqual({
      nextStartAt: null,
      isRunning: true,
      pid: 1000,
      startTime: "2026-01-01T00:00:00.000Z",
      mode: "live",
      uptimeSeconds: 65,
      state: "running",
      restarts: 0,
      lastExit: null,
    });
    expect(desiredStateOn(dataDir)).toEqual({ state: "running", mode: "live" });
    expect(await new StateFiles(dataDir).readChildRecord()).toEqual({
      pid: 1000,
      commandLine: [process.execPath, "live", "--loud"],
      startTime: "2026-01-01T00:00:00.000Z",
      mode: "live",
    });
  });

  test("answers 409 while running, naming the pid", async () => {
    const { supervisor } = setup();
    await supervisor.start("live", "web UI");
    const error = await apiError(supervisor.start("past", "web UI"));
    expect([error.status, error.message]).toEqual([409, "tgcf is already running (pid 1000)"]);
  });

  test("answers 409 while starting", async () => {
    const { supervisor } = setup();
    const first = supervisor.start("live", "web UI");
    const error = await apiError(supervisor.start("live", "web UI"));
    expect([error.status, error.message]).toEqual([409, "tgcf is starting"]);
    await first;
  });

  test("answers 409 while stopping", async () => {
    const { os, clock, supervisor } = setup();
    os.behaviour = { ignores: ["SIGINT"], leavesGroupBehind: false };
    await supervisor.start("live", "web UI");
    const stopped = supervisor.stop("web UI");
    expect(() => supervisor.assertCanStart()).toThrow("tgcf is stopping: wait for it to stop");
    const error = await apiError(supervisor.start("live", "web UI"));
    expect([error.status, error.message]).toEqual([409, "tgcf is stopping: wait for it to stop"]);
    await clock.advance(GRACE_MS);
    expect(await stopped).toEqual({ exitCode: null, signal: "SIGTERM" });
  });

  test("50 concurrent starts spawn exactly one child", async () => {
    const { os, supervisor } = setup();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => supervisor.start("live", "web UI")));
    expect(os.children).toHaveLength(1);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((result) => (result.status === "rejected" ? [result.reason as ApiError] : []));
    expect(refusals.every((error) => error.status === 409)).toBe(true);
  });

  test("answers 500 with what to do when tgcf is not installed, spawning nothing", async () => {
    const { os, supervisor, states } = setup({ command: "tgcf-not-installed", env: { PATH: "/nonexistent" } });
    const error = await apiError(supervisor.start("live", "web UI"));
    expect([error.status, error.message]).toEqual([500, TGCF_NOT_FOUND]);
    expect(os.children).toHaveLength(0);
    expect(states).toEqual([]);
  });

  test("a spawn that fails answers 500 and returns to the previous state", async () => {
    const { os, output, supervisor, states } = setup();
    os.failNextSpawn = new Error("EACCES: permission denied");
    const error = await apiError(supervisor.start("live", "web UI"));
    expect([error.status, error.message]).toEqual([500, "could not start tgcf: EACCES: permission denied"]);
    expect(states).toEqual(["starting", "stopped"]);
    expect(output.systemLines).toEqual(["could not start tgcf: EACCES: permission denied"]);
  });
});

describe("stop", () => {
  test("sends SIGINT to the group; exit code 1 is a normal stop; the desired state becomes stopped", async () => {
    const { os, clock, output, dataDir, supervisor, states } = setup();
    await supervisor.start("live", "web UI");
    await clock.advance(3_000);
    expect(await supervisor.stop("API token")).toEqual({ exitCode: 1, signal: null });
    expect(os.last.signals).toEqual(["SIGINT"]);
    expect(states).toEqual(["starting", "running", "stopping", "stopped"]);
    expect(supervisor.status()).toMatchObject({ isRunning: false, pid: null, state: "stopped", uptimeSeconds: 0, mode: "live" });
    expect(supervisor.status().lastExit).toEqual({ code: 1, signal: null, at: "2026-01-01T00:00:03.000Z", reason: "stopped by API token", cause: null, lastLines: [] });
    expect(output.systemLines.slice(1)).toEqual(["stopping pid 1000 (by API token)", "stopped pid 1000: it exited with code 1 (by API token)"]);
    expect(desiredStateOn(dataDir)).toEqual({ state: "stopped" });
    expect(await new StateFiles(dataDir).readChildRecord()).toBeNull();
  });

  test("answers 409 when nothing runs", async () => {
    const { supervisor } = setup();
    const error = await apiError(supervisor.stop("web UI"));
    expect([error.status, error.message]).toEqual([409, "tgcf is not running"]);
  });

  test("escalates to SIGTERM and SIGKILL and resolves only once the whole group is gone", async () => {
    const { os, clock, supervisor } = setup();
    os.behaviour = { ignores: ["SIGINT", "SIGTERM"], leavesGroupBehind: true };
    await supervisor.start("live", "web UI");
    let resolved = false;
    const stopped = supervisor.stop("web UI").finally(() => (resolved = true));
    await clock.advance(GRACE_MS + KILL_AFTER_MS - 1);
    expect(resolved).toBe(false);
    expect(supervisor.status().state).toBe("stopping");
    await clock.advance(1);
    expect(await stopped).toEqual({ exitCode: null, signal: "SIGKILL" });
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM", "SIGKILL"]);
    expect(os.last.groupAlive).toBe(false);
  });

  test("a stop while starting waits for the child, then stops it", async () => {
    const { os, supervisor, states } = setup();
    const started = supervisor.start("live", "web UI");
    const stopped = supervisor.stop("web UI");
    expect(await started).toEqual({ pid: 1000 });
    expect(await stopped).toEqual({ exitCode: 1, signal: null });
    expect(os.last.signals).toEqual(["SIGINT"]);
    expect(states).toEqual(["starting", "running", "stopping", "stopped"]);
  });

  test("a second stop while stopping gets the same answer", async () => {
    const { supervisor } = setup();
    await supervisor.start("live", "web UI");
    const [first, second] = await Promise.all([supervisor.stop("web UI"), supervisor.stop("API token")]);
    expect(first).toEqual(second);
  });
});

describe("unexpected exits", () => {
  test("a crash restarts after 2 s, then 4 s, counting restarts", async () => {
    const { os, clock, output, supervisor, states, crash } = setup();
    await supervisor.start("live", "web UI");
    await clock.advance(1_000);
    await crash();
    expect(supervisor.status()).toMatchObject({ state: "backoff", isRunning: false, pid: null, mode: "live" });
    const reason = "tgcf (pid 1000, live mode) exited with code 1 after 1 s, unexpectedly";
    expect(supervisor.status().lastExit).toMatchObject({ code: 1, signal: null, reason });
    expect(output.systemLines.at(-1)).toBe("tgcf (pid 1000, live mode) exited with code 1 after 1 s, unexpectedly; restarting in 2 s");
    expect(clock.pendingDelays()).toEqual([2_000]);
    await clock.advance(1_999);
    expect(os.children).toHaveLength(1);
    await clock.advance(1);
    await waitFor(() => supervisor.status().state === "running", "the restart");
    expect(os.children).toHaveLength(2);
    expect(output.systemLines.at(-1)).toBe("started pid 1001 in live mode (by autorestart)");
    expect(supervisor.status().restarts).toBe(1);
    await crash();
    expect(clock.pendingDelays()).toEqual([4_000]);
    expect(states).toEqual(["starting", "running", "backoff", "starting", "running", "backoff"]);
  });

  test("a live run exiting 0 on its own is restarted too", async () => {
    const { supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    await crash(0);
    expect(supervisor.status().state).toBe("backoff");
  });

  test("five quick exits in a row give up (fatal), saying why and keeping tgcf's last lines", async () => {
    const { os, clock, output, supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    for (let exit = 1; exit <= 5; exit++) {
      await crash();
      if (exit === 5) break;
      await clock.advance(clock.pendingDelays()[0]!);
      await waitFor(() => supervisor.status().state === "running", "the restart");
    }
    expect(supervisor.status().state).toBe("fatal");
    expect(os.children).toHaveLength(5);
    expect(clock.pendingDelays()).toEqual([]);
    const reason = supervisor.status().lastExit!.reason;
    expect(reason).toContain("Not restarting: it exited 5 times in a row within 10 s of starting");
    expect(supervisor.status().lastExit!.lastLines).toEqual([LAST_WORDS]);
    expect(output.systemLines.at(-1)).toBe(reason);
    await clock.advance(BACKOFF_MAX_MS);
    expect(os.children).toHaveLength(5);
  });

  test("a start by a person after fatal counts afresh", async () => {
    const { clock, supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    for (let exit = 1; exit <= 5; exit++) {
      await crash();
      if (exit < 5) {
        await clock.advance(clock.pendingDelays()[0]!);
        await waitFor(() => supervisor.status().state === "running", "the restart");
      }
    }
    await supervisor.start("live", "web UI");
    expect(supervisor.status().restarts).toBe(0);
    await crash();
    expect(clock.pendingDelays()).toEqual([2_000]);
  });

  test("long failing runs lengthen the delay like quick ones, and nextStartAt says when the next start comes", async () => {
    const { clock, supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    const delays: number[] = [];
    for (let exit = 1; exit <= 5; exit++) {
      await clock.advance(30_000);
      await crash();
      const [delay] = clock.pendingDelays();
      delays.push(delay!);
      expect(supervisor.status().nextStartAt).toBe(new Date(clock.now() + delay!).toISOString());
      await clock.advance(delay!);
      await waitFor(() => supervisor.status().state === "running", "the restart");
      expect(supervisor.status().nextStartAt).toBeNull();
    }
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
  });

  test("a healthy run (5 minutes by default, --healthy-after) starts the delays afresh", async () => {
    const { clock, supervisor, crash } = setup({ restartPolicy: { healthyAfterMs: 60_000, maxRestartsPerHour: 10 } });
    await supervisor.start("live", "web UI");
    for (let exit = 1; exit <= 3; exit++) {
      await clock.advance(20_000);
      await crash();
      await clock.advance(clock.pendingDelays()[0]!);
      await waitFor(() => supervisor.status().state === "running", "the restart");
    }
    await clock.advance(60_000);
    await crash();
    expect(clock.pendingDelays()).toEqual([2_000]);
  });

  test("more than the hourly limit of automatic restarts is fatal, however long the runs", async () => {
    const { clock, os, supervisor, crash } = setup({ restartPolicy: { healthyAfterMs: 60 * 60_000, maxRestartsPerHour: 3 } });
    await supervisor.start("live", "web UI");
    for (let exit = 1; exit <= 3; exit++) {
      await clock.advance(12_000);
      await crash();
      await clock.advance(clock.pendingDelays()[0]!);
      await waitFor(() => supervisor.status().state === "running", "the restart");
    }
    await clock.advance(12_000);
    await crash();
    expect(supervisor.status().state).toBe("fatal");
    expect(supervisor.status().lastExit!.reason).toContain("within an hour");
    expect(clock.pendingDelays()).toEqual([]);
    expect(os.children).toHaveLength(4);
  });

  test("an automatic restart uses the mode saved in the config, checked as a person's start would be", async () => {
    let saved: "live" | "past" = "live";
    const { clock, os, supervisor, crash } = setup({ automaticStartCheck: async () => saved });
    await supervisor.start("live", "web UI");
    saved = "past";
    await crash();
    await clock.advance(clock.pendingDelays()[0]!);
    await waitFor(() => supervisor.status().state === "running", "the restart");
    expect(os.requests.at(-1)!.argv).toEqual([process.execPath, "past", "--loud"]);
    expect(supervisor.status().mode).toBe("past");
  });

  test("an automatic restart whose check fails gives up (fatal) and says why", async () => {
    const { clock, output, supervisor, crash } = setup({
      automaticStartCheck: async () => {
        throw new ApiError(422, "tgcf would exit at once: enter the API ID");
      },
    });
    await supervisor.start("live", "web UI");
    await crash();
    await clock.advance(clock.pendingDelays()[0]!);
    await waitFor(() => supervisor.status().state === "fatal", "fatal");
    expect(supervisor.status().lastExit!.reason).toContain("could not restart tgcf: tgcf would exit at once: enter the API ID");
    expect(output.systemLines.at(-1)).toBe("could not restart tgcf: tgcf would exit at once: enter the API ID");
  });

  test("a FloodWait in tgcf's last lines is waited out before the next start", async () => {
    const { os, supervisor } = setup();
    await supervisor.start("live", "web UI");
    os.last.print("stderr", "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\ntelethon.errors.rpcerrorlist.FloodWaitError: A wait of 900 seconds is required\n");
    os.last.exit(1);
    await waitFor(() => supervisor.status().state === "backoff", "backoff");
    expect(supervisor.status().lastExit!.cause).toMatchObject({ exceptionType: "FloodWaitError", hint: { kind: "flood-wait", waitSeconds: 900 } });
    expect(supervisor.status().nextStartAt).toBe(new Date(Date.parse("2026-01-01T00:00:00.000Z") + 905_000).toISOString());
  });

  test("a past run exiting 0 has finished: exited, no restart, desired state stopped", async () => {
    const { os, clock, output, dataDir, supervisor, crash } = setup();
    await supervisor.start("past", "web UI");
    await crash(0);
    expect(supervisor.status().state).toBe("exited");
    expect(supervisor.status().lastExit).toMatchObject({ code: 0, reason: "past run finished" });
    expect(output.systemLines.at(-1)).toBe("past run finished: pid 1000 exited with code 0");
    expect(desiredStateOn(dataDir)).toEqual({ state: "stopped" });
    await clock.advance(BACKOFF_MAX_MS);
    expect(os.children).toHaveLength(1);
  });

  test("with autorestart off a crash leaves the state exited", async () => {
    const { clock, supervisor, crash } = setup({ autoRestart: false });
    await supervisor.start("live", "web UI");
    await crash();
    expect(supervisor.status().state).toBe("exited");
    expect(clock.pendingDelays()).toEqual([]);
  });

  test("processes the child left in its group are stopped before the restart is scheduled", async () => {
    const { os, clock, output, supervisor } = setup();
    os.behaviour = { ignores: ["SIGINT", "SIGTERM"], leavesGroupBehind: true };
    await supervisor.start("live", "web UI");
    os.last.exit(1);
    await waitFor(() => output.systemLines.some((line) => line.includes("left processes in its group 1000")), "the clean-up");
    expect(supervisor.status().state).toBe("running"); // not restarted while leftovers run
    await clock.advance(GRACE_MS + KILL_AFTER_MS);
    await waitFor(() => supervisor.status().state === "backoff", "backoff");
    expect(os.last.signals).toEqual(["SIGINT", "SIGTERM", "SIGKILL"]);
  });

  test("stop during backoff cancels the restart", async () => {
    const { os, clock, dataDir, supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    await crash();
    expect(await supervisor.stop("web UI")).toEqual({ exitCode: 1, signal: null });
    expect(supervisor.status().state).toBe("stopped");
    expect(desiredStateOn(dataDir)).toEqual({ state: "stopped" });
    await clock.advance(BACKOFF_MAX_MS);
    expect(os.children).toHaveLength(1);
  });

  test("start during backoff starts at once and cancels the pending restart", async () => {
    const { os, clock, supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    await crash();
    await supervisor.start("past", "web UI");
    expect(clock.pendingDelays()).toEqual([]);
    await clock.advance(BACKOFF_MAX_MS);
    expect(os.children).toHaveLength(2);
    expect(supervisor.status()).toMatchObject({ state: "running", mode: "past" });
  });

  test("a restart that cannot spawn gives up (fatal) and says why", async () => {
    const { os, clock, supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    await crash();
    os.failNextSpawn = new Error("ENOENT: tgcf vanished");
    await clock.advance(2_000);
    await waitFor(() => supervisor.status().state === "fatal", "fatal");
    expect(supervisor.status().lastExit!.reason).toEndWith("restarting failed: ENOENT: tgcf vanished");
  });
});

describe("restart", () => {
  test("stops the running child and starts a new one in the same mode, keeping the desired state", async () => {
    const { os, dataDir, supervisor, states } = setup();
    await supervisor.start("past", "web UI");
    expect(await supervisor.restart("web UI")).toEqual({ pid: 1001 });
    expect(os.children[0]!.signals).toEqual(["SIGINT"]);
    expect(os.requests[1]!.argv).toEqual([process.execPath, "past", "--loud"]);
    expect(states).toEqual(["starting", "running", "stopping", "stopped", "starting", "running"]);
    expect(desiredStateOn(dataDir)).toEqual({ state: "running", mode: "past" });
  });

  test("takes a new mode when given one", async () => {
    const { os, supervisor } = setup();
    await supervisor.start("live", "web UI");
    await supervisor.restart("web UI", "past");
    expect(os.requests[1]!.argv.slice(-2)).toEqual(["past", "--loud"]);
  });

  test("starts a stopped tgcf in its last mode", async () => {
    const { os, supervisor } = setup();
    await supervisor.start("past", "web UI");
    await supervisor.stop("web UI");
    await supervisor.restart("web UI");
    expect(os.requests[1]!.argv.slice(-2)).toEqual(["past", "--loud"]);
  });

  test("answers 409 while stopping", async () => {
    const { os, clock, supervisor } = setup();
    os.behaviour = { ignores: ["SIGINT"], leavesGroupBehind: false };
    await supervisor.start("live", "web UI");
    const stopped = supervisor.stop("web UI");
    expect((await apiError(supervisor.restart("web UI"))).status).toBe(409);
    await clock.advance(GRACE_MS);
    await stopped;
  });
  test("a stop asked for while a restart is stopping tgcf wins: the restart answers 409 and tgcf stays stopped", async () => {
    const { os, clock, dataDir, supervisor } = setup();
    os.behaviour = { ignores: ["SIGINT"], leavesGroupBehind: false };
    await supervisor.start("live", "web UI");
    const restarted = apiError(supervisor.restart("web UI"));
    const stopped = supervisor.stop("API token");
    await clock.advance(GRACE_MS);
    await stopped;
    const refused = await restarted;
    expect(refused.status).toBe(409);
    expect(refused.message).toContain("stopped while restarting");
    expect(os.requests).toHaveLength(1);
    expect(supervisor.status().state).toBe("stopped");
    expect(desiredStateOn(dataDir)).toEqual({ state: "stopped" });
  });
});

describe("status events", () => {
  test("onStatus reports every change until unsubscribed; a throwing listener harms nobody", async () => {
    const { supervisor } = setup();
    const seen: string[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    supervisor.onStatus(() => {
      throw new Error("broken listener");
    });
    const unsubscribe = supervisor.onStatus((status) => seen.push(`${status.state}:${status.pid}`));
    try {
      await supervisor.start("live", "web UI");
      unsubscribe();
      await supervisor.stop("web UI");
    } finally {
      console.error = originalError;
    }
    expect(seen).toEqual(["starting:null", "running:1000"]);
  });
});

describe("boot and shutdown", () => {
  test("a new supervisor restores the desired state of the previous one", async () => {
    const first = setup();
    await first.supervisor.start("past", "web UI");
    await first.supervisor.shutdown();
    const second = setup({ dataDir: first.dataDir });
    await second.supervisor.recover();
    expect(second.supervisor.status()).toMatchObject({ state: "running", mode: "past" });
    expect(second.output.systemLines.at(-1)).toBe("started pid 1000 in past mode (by server start)");
  });

  test("does not start on boot when the desired state is stopped, or when start on boot is off", async () => {
    const first = setup();
    await first.supervisor.start("live", "web UI");
    await first.supervisor.stop("web UI");
    const afterStop = setup({ dataDir: first.dataDir });
    await afterStop.supervisor.recover();
    expect(afterStop.os.children).toHaveLength(0);

    await afterStop.supervisor.start("live", "web UI");
    await afterStop.supervisor.shutdown();
    const bootOff = setup({ dataDir: first.dataDir, autoStartOnBoot: false });
    await bootOff.supervisor.recover();
    expect(bootOff.os.children).toHaveLength(0);
    expect(bootOff.supervisor.status()).toMatchObject({ state: "stopped", mode: "live" });
  });

  test("a failed start on boot is reported, not thrown", async () => {
    const first = setup();
    await first.supervisor.start("live", "web UI");
    await first.supervisor.shutdown();
    const second = setup({ dataDir: first.dataDir, command: "tgcf-not-installed", env: { PATH: "" } });
    await second.supervisor.recover();
    expect(second.output.systemLines.at(-1)).toBe(`could not start tgcf on server start: ${TGCF_NOT_FOUND}`);
  });

  test("shutdown stops tgcf but keeps the desired state, cancels restarts and refuses new starts", async () => {
    const { clock, os, dataDir, supervisor, crash } = setup();
    await supervisor.start("live", "web UI");
    await crash();
    await supervisor.shutdown();
    expect(supervisor.status().state).toBe("stopped");
    await clock.advance(BACKOFF_MAX_MS);
    expect(os.children).toHaveLength(1);
    expect(desiredStateOn(dataDir)).toEqual({ state: "running", mode: "live" });
    expect((await apiError(supervisor.start("live", "web UI"))).status).toBe(503);
  });

  test("recover stops an orphan whose command line matches child.json, and only then starts", async () => {
    const { os, output, dataDir, supervisor } = setup();
    const argv = [process.execPath, "live", "--loud"];
    const orphan = os.addForeignProcess(argv);
    const files = new StateFiles(dataDir);
    await files.writeChildRecord({ pid: orphan.pid, commandLine: argv, startTime: "2025-12-31T23:00:00.000Z", mode: "live" });
    await files.writeDesiredState({ state: "running", mode: "live" });
    await supervisor.recover();
    expect(orphan.signals).toEqual(["SIGINT"]);
    expect(output.systemLines).toEqual([
      `tgcf pid ${orphan.pid} (started 2025-12-31T23:00:00.000Z) outlived the previous server; stopping it`,
      `stopped pid ${orphan.pid}`,
      "started pid 1001 in live mode (by server start)",
    ]);
    expect((await files.readChildRecord())?.pid).toBe(1001);
  });

  test("while recover stops an orphan, starts are refused with 503 so two tgcf never run", async () => {
    const { os, clock, dataDir, supervisor } = setup();
    const argv = [process.execPath, "live", "--loud"];
    const orphan = os.addForeignProcess(argv, { ignores: ["SIGINT"], leavesGroupBehind: false });
    await new StateFiles(dataDir).writeChildRecord({ pid: orphan.pid, commandLine: argv, startTime: "2026-01-01T00:00:00.000Z", mode: "live" });
    const recovered = supervisor.recover();
    await waitFor(() => orphan.signals.length > 0, "the orphan to be signalled");
    const refused = await apiError(supervisor.start("live", "web UI"));
    expect(refused.status).toBe(503);
    expect(os.requests).toHaveLength(0);
    await clock.advance(GRACE_MS);
    await recovered;
    expect((await supervisor.start("live", "web UI")).pid).toBe(1001);
  });

  test("recover leaves alone a pid now used by another program", async () => {
    const { os, output, dataDir, supervisor } = setup();
    const unrelated = os.addForeignProcess(["/usr/bin/postgres", "-D", "/data"]);
    const commandLine = [process.execPath, "live", "--loud"];
    await new StateFiles(dataDir).writeChildRecord({ pid: unrelated.pid, commandLine, startTime: "2026-01-01T00:00:00.000Z", mode: "live" });
    await supervisor.recover();
    expect(unrelated.signals).toEqual([]);
    expect(output.systemLines).toEqual([`pid ${unrelated.pid} from child.json now belongs to another program; leaving it alone`]);
    expect(await new StateFiles(dataDir).readChildRecord()).toBeNull();
  });
});
