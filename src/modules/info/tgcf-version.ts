// Asks the configured tgcf command for its version once (`tgcf --version`), for the about panel.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { splitCommand, resolveExecutable } from "../process/command";
import { childEnvironment } from "../process/spawner";
import { stripAnsi } from "../logs/ansi";
import { stripControls } from "../../shared/untrusted-text";

export const TGCF_VERSION_TIMEOUT_MS = 10_000;

/** The first line tgcf prints for --version as plain text (rich colours it), or null when it is not installed or does not answer. */
export async function readTgcfVersion(command: string, env: Record<string, string | undefined> = process.env): Promise<string | null> {
  let argv: string[];
  try {
    argv = splitCommand(command);
  } catch {
    return null;
  }
  const executable = argv[0] === undefined ? null : resolveExecutable(argv[0], env.PATH);
  if (!executable) return null;
  // tgcf reads (and may write) tgcf.config.json and deletes *.session files in its working directory as it
  // loads: a private empty directory keeps it away from the data dir of a running tgcf.
  const cwd = mkdtempSync(join(tmpdir(), "tgcf-version-"));
  const child = Bun.spawn([executable, ...argv.slice(1), "--version"], { cwd, env: childEnvironment(env), stdin: "ignore", stdout: "pipe", stderr: "ignore" });
  const timer = setTimeout(() => child.kill("SIGKILL"), TGCF_VERSION_TIMEOUT_MS);
  try {
    const [text, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
    const firstLine = stripControls(stripAnsi(text)).trim().split("\n")[0]?.trim() ?? "";
    return code === 0 && firstLine ? firstLine : null;
  } finally {
    clearTimeout(timer);
    rmSync(cwd, { recursive: true, force: true });
  }
}
