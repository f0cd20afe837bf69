import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bunSpawner, CHILD_ENV_OVERRIDES, childEnvironment } from "../../../src/modules/process/spawner";
import { FAKE_TGCF, temporaryDirectory, waitFor } from "./fakes";

describe("childEnvironment", () => {
  test("passes the server's environment on, minus TGCF_SERVER_* settings, plus the pipe-friendly overrides", () => {
    const serverEnv = { PATH: "/usr/bin", HOME: "/root", TGCF_SERVER_TOKEN: "secret", TGCF_SERVER_COMMAND: "tgcf", COLUMNS: "80", UNSET: undefined };
    const env = childEnvironment(serverEnv);
    expect(env).toEqual({ PATH: "/usr/bin", HOME: "/root", ...CHILD_ENV_OVERRIDES });
    expect(env.PYTHONUNBUFFERED).toBe("1");
    expect(Number(env.COLUMNS)).toBeGreaterThan(80);
    expect(env.FORCE_COLOR).toBeTruthy();
  });
});

describe("bunSpawner", () => {
  test("starts the child as leader of its own process group, in the given cwd, with stdin closed", async () => {
    const dataDir = temporaryDirectory();
    const report = join(dataDir, "report.json");
    const child = bunSpawner.spawn({
      argv: [process.execPath, FAKE_TGCF, "past", "--loud"],
      cwd: dataDir,
      env: { ...childEnvironment(process.env), FAKE_TGCF_REPORT: report },
    });
    const [stdout, exit] = await Promise.all([new Response(child.stdout).text(), child.exited, new Response(child.stderr).text()]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stdout).toContain("past mode done");
    const facts = JSON.parse(readFileSync(report, "utf8"));
    expect(facts.pid).toBe(child.pid);
    expect(facts.pgid).toBe(child.pid);
    expect(facts.cwd).toBe(dataDir);
    expect(facts.env.PYTHONUNBUFFERED).toBe("1");
    expect(facts.stdin).toBe("/dev/null");
  });

  test("reports a death by signal with the signal's name and no code", async () => {
    const child = bunSpawner.spawn({ argv: [process.execPath, FAKE_TGCF, "live"], cwd: temporaryDirectory(), env: childEnvironment(process.env) });
    const drained = Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
    await waitFor(() => readFileSync(`/proc/${child.pid}/cmdline`, "utf8").includes("live"), "the child to exec");
    process.kill(-child.pid, "SIGKILL");
    expect(await child.exited).toEqual({ code: null, signal: "SIGKILL" });
    await drained;
  });
});
