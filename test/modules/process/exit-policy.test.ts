import { describe, expect, test } from "bun:test";
import { CrashTracker } from "../../../src/modules/process/backoff";
import { decideAfterExit, LAST_LINES_KEPT, ordinal, type ExitContext } from "../../../src/modules/process/exit-policy";

const traceback = [
  "╭──────── Traceback (most recent call last) ────────╮",
  "│ /usr/lib/python3/dist-packages/tgcf/live.py:136    │",
  "╰────────────────────────────────────────────────────╯",
  "\x1b[1;91mConnectionError: \x1b[0mConnection to Telegram failed \x1b[1;36m5\x1b[0m time(s)",
];

const base: ExitContext = {
  pid: 42,
  mode: "live",
  exit: { code: 1, signal: null },
  ranForMs: 1_000,
  stoppedBy: null,
  autoRestart: true,
  shuttingDown: false,
  recentLines: traceback,
};

describe("decideAfterExit", () => {
  test("after a requested stop, exit code 1 (tgcf's answer to SIGINT) is a normal stop", () => {
    const decision = decideAfterExit({ ...base, stoppedBy: "web UI" }, new CrashTracker());
    expect(decision).toEqual({ next: "stopped", reason: "stopped by web UI", systemLine: "stopped pid 42: it exited with code 1 (by web UI)", cause: null, lastLines: [] });
  });

  test("a past run exiting 0 has finished and is not restarted", () => {
    const decision = decideAfterExit({ ...base, mode: "past", exit: { code: 0, signal: null }, recentLines: ["[12/06/26 05:06:38] INFO     forwarding message with id = 9"] }, new CrashTracker());
    expect(decision).toMatchObject({ next: "exited", finished: true, reason: "past run finished", cause: null });
  });

  test("a past run exiting 0 because tgcf gave up at start has not finished: the cause says why", () => {
    const lines = ["                    WARNING  Login information not set!            config.py:258"];
    const decision = decideAfterExit({ ...base, mode: "past", exit: { code: 0, signal: null }, recentLines: lines }, new CrashTracker());
    expect(decision.next).toBe("backoff");
    expect(decision.cause).toMatchObject({ text: "Login information not set!", hint: { kind: "login-missing" } });
    expect(decision.reason).toStartWith("Login information not set!");
  });

  test("a live run exiting 0 on its own is unexpected and restarted after 2 s", () => {
    const decision = decideAfterExit({ ...base, exit: { code: 0, signal: null }, recentLines: [] }, new CrashTracker());
    expect(decision).toMatchObject({ next: "backoff", restartInMs: 2_000, cause: null });
    expect(decision.systemLine).toEndWith("restarting in 2 s");
  });

  test("the cause leads the reason, in one line, and tgcf's last lines are kept as plain text", () => {
    const decision = decideAfterExit({ ...base, recentLines: [...Array.from({ length: 30 }, (_, i) => `line ${i}`), ...traceback] }, new CrashTracker());
    expect(decision.reason).toStartWith("ConnectionError: Connection to Telegram failed 5 time(s) (tgcf (pid 42, live mode) exited with code 1 after 1 s)");
    expect(decision.reason).not.toContain("\n");
    expect(decision.cause?.hint?.kind).toBe("network");
    expect(decision.lastLines).toHaveLength(LAST_LINES_KEPT);
    expect(decision.lastLines.at(-1)).toBe("ConnectionError: Connection to Telegram failed 5 time(s)");
  });

  test("a FloodWait is waited out before the next start, however short the backoff", () => {
    const lines = ["telethon.errors.rpcerrorlist.FloodWaitError: A wait of 600 seconds is required (caused by ImportBotAuthorizationRequest)"];
    const decision = decideAfterExit({ ...base, recentLines: ["Traceback (most recent call last):", '  File "x.py", line 1, in <module>', ...lines] }, new CrashTracker());
    expect(decision).toMatchObject({ next: "backoff", restartInMs: 605_000 });
    expect(decision.systemLine).toContain("FloodWait");
  });

  test("a past run that fails is restarted too", () => {
    expect(decideAfterExit({ ...base, mode: "past" }, new CrashTracker()).next).toBe("backoff");
  });

  test("a death by signal nobody sent is unexpected and says which signal", () => {
    const decision = decideAfterExit({ ...base, exit: { code: null, signal: "SIGKILL" }, recentLines: [] }, new CrashTracker());
    expect(decision.reason).toContain("was killed by SIGKILL after 1 s, unexpectedly");
  });

  test("with autorestart off an unexpected exit leaves the state exited", () => {
    expect(decideAfterExit({ ...base, autoRestart: false }, new CrashTracker())).toMatchObject({ next: "exited", finished: false });
  });

  test("the fifth quick exit is fatal, leading with the cause", () => {
    const crashes = new CrashTracker();
    for (let exit = 0; exit < 4; exit++) decideAfterExit(base, crashes);
    const decision = decideAfterExit(base, crashes);
    expect(decision.next).toBe("fatal");
    expect(decision.reason).toStartWith("ConnectionError: Connection to Telegram failed 5 time(s)");
    expect(decision.reason).toContain("5 times in a row within 10 s");
  });

  test("the eleventh automatic restart within an hour is fatal, even after long runs", () => {
    const crashes = new CrashTracker(undefined, () => 0);
    const decisions = Array.from({ length: 11 }, () => decideAfterExit({ ...base, ranForMs: 60_000 }, crashes));
    expect(decisions.slice(0, 10).every((decision) => decision.next === "backoff")).toBe(true);
    expect(decisions[10]!.next).toBe("fatal");
    expect(decisions[10]!.reason).toContain("its 11th automatic restart within an hour");
  });

  test("during server shutdown nothing is restarted and no crash is counted", () => {
    const crashes = new CrashTracker();
    expect(decideAfterExit({ ...base, shuttingDown: true }, crashes).next).toBe("exited");
    expect(crashes.recordUnexpectedExit(1_000).quickExits).toBe(1);
  });
});

test("ordinals read as words do", () => {
  expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
});
