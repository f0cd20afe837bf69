// uv (https://docs.astral.sh/uv/), when it is on the PATH, provides a Python 3.11 of its own (a standalone build that
// always has venv and ensurepip). It is used only when no Python 3.10 or 3.11 is installed; it is never required.
import { tmpdir } from "node:os";
import { resolveExecutable } from "../process/command";
import { runChild } from "./child";
import { installEnvironment } from "./python-env";

export const UV_PYTHON_MINOR = "3.11";
/** Downloading and unpacking a Python takes seconds on a good line, minutes on a slow one. */
export const UV_INSTALL_TIMEOUT_MS = 10 * 60_000;
const UV_FIND_TIMEOUT_MS = 30_000;

export interface UvPython {
  /** The Python uv provides; null when uv is absent or could not provide one. */
  executable: string | null;
  /** Why uv, present, gave no Python; null otherwise. */
  problem: string | null;
}

/** Asks uv for a Python 3.11 it manages: installs it if needed (`uv python install`), then finds it (`uv python find`). */
export async function pythonFromUv(env: Record<string, string | undefined>, onLine?: (line: string) => void): Promise<UvPython> {
  const uv = resolveExecutable("uv", env.PATH);
  if (uv === null) return { executable: null, problem: null };
  const childEnv = installEnvironment(env);
  const installed = await runChild([uv, "python", "install", UV_PYTHON_MINOR], { cwd: tmpdir(), env: childEnv, timeoutMs: UV_INSTALL_TIMEOUT_MS, onLine: (line) => onLine?.(line) });
  if (installed.code !== 0) return { executable: null, problem: `uv could not install Python ${UV_PYTHON_MINOR}: ${lastWords(installed.tail)}` };
  let path = "";
  const found = await runChild([uv, "python", "find", "--python-preference", "only-managed", UV_PYTHON_MINOR], {
    cwd: tmpdir(),
    env: childEnv,
    timeoutMs: UV_FIND_TIMEOUT_MS,
    onLine: (line, stream) => {
      if (stream === "stdout" && line.trim()) path = line.trim();
    },
  });
  if (found.code !== 0 || path === "") return { executable: null, problem: `uv installed Python ${UV_PYTHON_MINOR} but could not find it: ${lastWords(found.tail)}` };
  return { executable: path, problem: null };
}

function lastWords(tail: string[]): string {
  return tail.filter((line) => line.trim() !== "").at(-1)?.trim() ?? "no output";
}
