import { describe, expect, test } from "bun:test";
import { findOrphan, matchesCommandLine } from "../../../src/modules/process/orphan";
import { FakeOs } from "./fakes";

const spawned = ["/usr/local/bin/tgcf", "live", "--loud"];

describe("matchesCommandLine", () => {
  test("matches the same argv", () => {
    expect(matchesCommandLine(spawned, spawned)).toBe(true);
  });

  test("matches a script run through its interpreter (shebang)", () => {
    expect(matchesCommandLine(spawned, ["/usr/bin/python3", "/usr/local/bin/tgcf", "live", "--loud"])).toBe(true);
  });

  test("matches a shim that execs the real script elsewhere (pyenv)", () => {
    const shim = ["/root/.pyenv/shims/tgcf", "live", "--loud"];
    const real = ["/root/.pyenv/versions/3.12.3/bin/python3.12", "/root/.pyenv/versions/3.12.3/bin/tgcf", "live", "--loud"];
    expect(matchesCommandLine(shim, real)).toBe(true);
  });

  test("does not match another program, other arguments, or a shorter command line", () => {
    expect(matchesCommandLine(spawned, ["/usr/bin/sleep", "live", "--loud"])).toBe(false);
    expect(matchesCommandLine(spawned, ["/usr/local/bin/tgcf", "past", "--loud"])).toBe(false);
    expect(matchesCommandLine(spawned, ["/usr/local/bin/tgcf", "live"])).toBe(false);
    expect(matchesCommandLine([], ["anything"])).toBe(false);
  });
});

describe("findOrphan", () => {
  const record = (pid: number, commandLine = spawned) => ({ pid, commandLine, startTime: "2026-01-01T00:00:00.000Z", mode: "live" as const });

  test("finds a recorded tgcf that still runs", () => {
    const os = new FakeOs();
    const orphan = os.addForeignProcess(spawned);
    expect(findOrphan(record(orphan.pid), os)).toEqual({ kind: "running", pgid: orphan.pid });
  });

  test("leaves alone a pid that now runs another program", () => {
    const os = new FakeOs();
    const unrelated = os.addForeignProcess(["/usr/bin/postgres", "-D", "/data"]);
    expect(findOrphan(record(unrelated.pid), os)).toEqual({ kind: "pid-reused" });
  });

  test("reports a pid that no longer exists as gone", () => {
    expect(findOrphan(record(4242), new FakeOs())).toEqual({ kind: "gone" });
  });
});
