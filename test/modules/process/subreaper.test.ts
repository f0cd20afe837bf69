import { afterAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { temporaryDirectory } from "./fakes";

const PROBE = join(import.meta.dir, "..", "..", "fixtures", "subreaper-probe.ts");
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

/** Runs the probe (a subreaper stays one for life, so never in this test process) and returns its report. */
function runProbe(argv: string[]) {
  const result = Bun.spawnSync(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`the probe failed: ${result.stderr.toString()}`);
  return JSON.parse(result.stdout.toString());
}

function expectAdoptedAndReaped(report: Record<string, unknown>): void {
  expect(report).toMatchObject({ wasSubreaper: false, problem: null, isSubreaper: true, reapedOrphan: "reaped", orphanGone: true });
  expect(report.parentOfOrphan).toBe(report.pid); // not pid 1
  expect(report.reapedNonChild).toBe("impossible"); // waitpid refuses what is not our child
}

describe.if(process.platform === "linux")("the server as a child subreaper", () => {
  test("adopts a grandchild whose parent exited, and reaps it", () => {
    expectAdoptedAndReaped(runProbe([process.execPath, PROBE]));
  });

  test("works the same in a binary made by bun build --compile (bun:ffi finds the C library there too)", () => {
    const directory = temporaryDirectory();
    directories.push(directory);
    const binary = join(directory, "subreaper-probe");
    const build = Bun.spawnSync([process.execPath, "build", "--compile", PROBE, "--outfile", binary], { stdout: "pipe", stderr: "pipe" });
    expect(build.exitCode, build.stderr.toString()).toBe(0);
    expectAdoptedAndReaped(runProbe([binary]));
  });
});
