// The fake tgcf keeps the real one's contract (test/fixtures/tgcf/README.md), so other tests can trust it.
import { describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FAKE_TGCF, temporaryDirectory, waitFor } from "./fakes";

const completeLogin = { API_ID: 1, API_HASH: "abc", user_type: 0, BOT_TOKEN: "1:x", SESSION_STRING: "" };

/** Runs the fake with exactly `env` (plus PATH); optionally sends `signal` once `readyWhen` shows in its output file. */
async function runFake(args: string[], env: Record<string, string> = {}, options: { cwd?: string; signal?: NodeJS.Signals; afterMs?: number } = {}) {
  const child = Bun.spawn([process.execPath, FAKE_TGCF, ...args], {
    cwd: options.cwd ?? temporaryDirectory(),
    env: { PATH: process.env.PATH ?? "", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  if (options.signal) setTimeout(() => child.kill(options.signal), options.afterMs ?? 500);
  const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { code: child.exitCode, signal: child.signalCode, stdout, stderr };
}

describe("fake tgcf", () => {
  test("requires the mode argument: usage error on stderr, exit 2", async () => {
    const missing = await runFake([]);
    expect([missing.code, missing.stdout]).toEqual([2, ""]);
    expect(missing.stderr).toContain("Error: Missing argument 'MODE:{live|past}'.");
    const wrong = await runFake(["sideways"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("'sideways' is not one of 'live', 'past'");
  });

  test("SIGINT: `Aborted.` on stderr and exit 1; the buffered output is flushed", async () => {
    const result = await runFake(["live", "--loud"], {}, { signal: "SIGINT" });
    expect(result).toMatchObject({ code: 1, stderr: "Aborted.\n" });
    expect(result.stdout).toContain("Running latest tgcf version 1.1.8");
  });

  test("SIGTERM kills it with no output, losing what Python had buffered; PYTHONUNBUFFERED keeps it", async () => {
    const buffered = await runFake(["live", "--loud"], {}, { signal: "SIGTERM" });
    expect(buffered).toEqual({ code: null, signal: "SIGTERM", stdout: "", stderr: "" });
    const unbuffered = await runFake(["live", "--loud"], { PYTHONUNBUFFERED: "1" }, { signal: "SIGTERM" });
    expect(unbuffered.stdout).toContain("live mode: watching");
  });

  test("piped without COLUMNS it wraps at 80 without colours; FORCE_COLOR adds colours and links, TERM=dumb removes them", async () => {
    const plain = await runFake(["past", "--loud"], { FAKE_TGCF_PAST_MS: "0" });
    expect(plain.stdout).not.toContain("\x1b");
    expect(plain.stdout).toContain("INFO     Verbosity turned on! This is suitable for cli.py:57\n                             debugging");
    const coloured = await runFake(["past", "--loud"], { FAKE_TGCF_PAST_MS: "0", FORCE_COLOR: "1", COLUMNS: "200" });
    expect(coloured.stdout).toContain("\x1b[34mINFO    \x1b[0m Verbosity turned on! This is suitable for debugging ");
    expect(coloured.stdout).toContain("\x1b]8;id=");
    const dumb = await runFake(["past"], { FAKE_TGCF_PAST_MS: "0", FORCE_COLOR: "1", TERM: "dumb" });
    expect(dumb.stdout).not.toContain("\x1b");
  });

  test("INFO lines need --loud; warnings show regardless", async () => {
    const quiet = await runFake(["past"], { FAKE_TGCF_PAST_MS: "0" });
    expect(quiet.stdout).not.toContain("INFO");
    expect(quiet.stdout).toContain("WARNING  tgcf.config.json not found");
  });

  test("with an empty login in tgcf.config.json it says `Login information not set!` and exits 0", async () => {
    const cwd = temporaryDirectory();
    writeFileSync(join(cwd, "tgcf.config.json"), JSON.stringify({ login: { API_ID: 0, API_HASH: "" } }));
    const result = await runFake(["live"], {}, { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Login information not set!");
    const skipped = await runFake(["past", "--loud"], { FAKE_TGCF_SKIP_LOGIN_CHECK: "1", FAKE_TGCF_PAST_MS: "0" }, { cwd });
    expect(skipped.stdout).toContain("past mode done");
  });

  test("past mode with a bot account warns and exits 0; with a user account it forwards each enabled connection", async () => {
    const cwd = temporaryDirectory();
    const forwards = [{ source: -1001, dest: [-1002] }, { source: -1003, dest: [-1004], use_this: false }];
    writeFileSync(join(cwd, "tgcf.config.json"), JSON.stringify({ login: completeLogin, forwards }));
    const bot = await runFake(["past"], { COLUMNS: "200" }, { cwd });
    expect(bot.code).toBe(0);
    expect(bot.stdout).toContain("You cannot use bot account for tgcf past mode");
    writeFileSync(join(cwd, "tgcf.config.json"), JSON.stringify({ login: { ...completeLogin, user_type: 1, SESSION_STRING: "s" }, forwards }));
    const user = await runFake(["past", "--loud"], { COLUMNS: "200", FAKE_TGCF_PAST_MS: "0" }, { cwd });
    expect(user.stdout.match(/Forwarding messages from/g)).toHaveLength(1);
    expect(user.stdout).toContain("tgcf.config.json detected!");
  });

  test("deletes *.session and *.session-journal files in its working directory at start", async () => {
    const cwd = temporaryDirectory();
    for (const name of ["bot.session", "bot.session-journal", "keep.txt"]) writeFileSync(join(cwd, name), "");
    await runFake(["past"], { FAKE_TGCF_PAST_MS: "0" }, { cwd });
    expect(["bot.session", "bot.session-journal", "keep.txt"].map((name) => existsSync(join(cwd, name)))).toEqual([false, false, true]);
  });

  test("EXIT_AFTER_MS exits with a traceback and FAKE_TGCF_EXIT_CODE; EXIT_SIGNAL dies by that signal", async () => {
    const crashed = await runFake(["live"], { FAKE_TGCF_EXIT_AFTER_MS: "10", FAKE_TGCF_EXIT_CODE: "3" });
    expect(crashed.code).toBe(3);
    expect(crashed.stderr).toStartWith("Traceback (most recent call last):");
    const killed = await runFake(["live"], { FAKE_TGCF_EXIT_AFTER_MS: "10", FAKE_TGCF_EXIT_SIGNAL: "SIGKILL" });
    expect(killed.signal).toBe("SIGKILL");
  });

  test("a flood prints lines of exactly the asked size, then exits 0", async () => {
    const result = await runFake(["live"], { FAKE_TGCF_FLOOD_LINES: "1000", FAKE_TGCF_FLOOD_LINE_BYTES: "40", PYTHONUNBUFFERED: "1" });
    const floodLines = result.stdout.split("\n").filter((line) => line.startsWith("flood "));
    expect(result.code).toBe(0);
    expect(floodLines).toHaveLength(1000);
    expect(floodLines.every((line) => line.length === 39)).toBe(true);
  });

  test("the report tells pid, group, cwd, argv and environment", async () => {
    const cwd = temporaryDirectory();
    const report = join(cwd, "report.json");
    await runFake(["past"], { FAKE_TGCF_REPORT: report, FAKE_TGCF_PAST_MS: "0", MARKER: "42" }, { cwd });
    await waitFor(() => existsSync(report), "the report");
    const facts = await Bun.file(report).json();
    expect(facts).toMatchObject({ cwd, argv: [process.execPath, FAKE_TGCF, "past"], env: { MARKER: "42" } });
    expect(Number.isInteger(facts.pgid)).toBe(true);
  });
});
