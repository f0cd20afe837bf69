import { describe, expect, test } from "bun:test";
import { CrashTracker } from "../../../src/modules/process/backoff";
import { decideAfterExit, type ExitContext } from "../../../src/modules/process/exit-policy";

const base: ExitContext = {
  pid: 42,
  mode: "live",
  exit: { code: 1, signal: null },
  ranForMs: 1_000,
  stoppedBy: null,
  autoRestart: true,
  shuttingDown: false,
  recentLines: ["ConnectionError: Connection to Telegram failed 5 time(s)"],
};

describe("decideAfterExit", () => {
  test("after a requested stop, exit code 1 (tgcf's answer to SIGINT) is a normal stop", () => {
    const decision = decideAfterExit({ ...base, stoppedBy: "web UI" }, new CrashTracker());
    expect(decision).toEqual({ next: "stopped", reason: "stopped by web UI", systemLine: "stopped pid 42: it exited with code 1 (by web UI)" });
  });

  test("a past run exiting 0 has finished and is not restarted", () => {
    const decision = decideAfterExit({ ...base, mode: "past", exit: { code: 0, signal: null } }, new CrashTracker());
    expect(decision).toMatchObject({ next: "exited", finished: true, reason: "past run finished" });
  });

  test("a live run exiting 0 on its own is unexpected and restarted after 2 s", () => {
    const decision = decideAfterExit({ ...base, exit: { code: 0, signal: null } }, new CrashTracker());
    expect(decision).toMatchObject({ next: "backoff", restartInMs: 2_000 });
    expect(decision.systemLine).toEndWith("restarting in 2 s");
  });

  test("a past run that fails is restarted too", () => {
    expect(decideAfterExit({ ...base, mode: "past" }, new CrashTracker()).next).toBe("backoff");
  });

  test("a death by signal nobody sent is unexpected and says which signal", () => {
    const decision = decideAfterExit({ ...base, exit: { code: null, signal: "SIGKILL" } }, new CrashTracker());
    expect(decision.reason).toContain("was killed by SIGKILL unexpectedly");
  });

  test("with autorestart off an unexpected exit leaves the state exited", () => {
    expect(decideAfterExit({ ...base, autoRestart: false }, new CrashTracker())).toMatchObject({ next: "exited", finished: false });
  });

  test("the fifth quick exit is fatal and quotes tgcf's last lines", () => {
    const crashes = new CrashTracker();
    for (let exit = 0; exit < 4; exit++) decideAfterExit(base, crashes);
    const decision = decideAfterExit(base, crashes);
    expect(decision.next).toBe("fatal");
    expect(decision.reason).toContain("5 times in a row within 10 s");
    expect(decision.reason).toEndWith("ConnectionError: Connection to Telegram failed 5 time(s)");
  });

  test("during server shutdown nothing is restarted and no crash is counted", () => {
    const crashes = new CrashTracker();
    expect(decideAfterExit({ ...base, shuttingDown: true }, crashes).next).toBe("exited");
    expect(crashes.recordUnexpectedExit(1_000).quickExits).toBe(1);
  });
});
