// Finds a Python to build tgcf's environment with: 3.11 or 3.10 on the PATH first, then one uv provides, then any
// other Python 3.10+ with a warning. Every candidate is asked what it is: a name on the PATH may be a broken shim.
import { delimiter, join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { runChild } from "./child";
import { isExecutableFile } from "./paths";
import { installEnvironment } from "./python-env";
import { MIN_PYTHON, PREFERRED_PYTHON_MINORS } from "./release";
import { noPythonFailure, noVenvModuleFailure, pythonTooOldFailure, InstallFailure } from "./failure";
import { pythonFromUv, UV_PYTHON_MINOR } from "./uv";

/** A Python answers the probe within this long (pyenv shims take ~0.1 s; a cold disk more). */
export const PYTHON_PROBE_TIMEOUT_MS = 15_000;
/** Names looked up on the PATH, preferred first. Newer ones come after the plain names so `python3` wins if it is 3.11. */
export const PYTHON_NAMES: readonly string[] = ["python3.11", "python3.10", "python3", "python", "python3.12", "python3.13", "python3.14", "python3.9", "python3.8"];
/** Run with -I (isolated: no PYTHONPATH, no user site) so the answer describes the interpreter itself. */
const PROBE_SCRIPT = [
  "import sys, json, importlib.util as u",
  "print(json.dumps({'version': list(sys.version_info[:3]), 'executable': sys.executable,",
  " 'venv': u.find_spec('venv') is not None, 'ensurepip': u.find_spec('ensurepip') is not None}))",
].join("\n");

export interface PythonInfo {
  /** The interpreter itself (sys.executable), not the shim or link that led to it. */
  executable: string;
  /** "3.11.2" */
  version: string;
  /** "3.11" */
  minor: string;
  /** Both venv and ensurepip are importable: `python -m venv` can make an environment with pip. */
  canCreateVenv: boolean;
  /** How it was found: the name on the PATH, or "uv". */
  foundAs: string;
}

export interface FoundPython {
  python: PythonInfo;
  /** Sentences to show (a Python other than 3.10/3.11, uv failing). */
  warnings: string[];
}

export interface FindPythonOptions {
  env: Record<string, string | undefined>;
  /** Each line uv prints while it installs a Python. */
  onLine?: (line: string) => void;
}

/** The Python to build with; InstallFailure (no-python, python-too-old, no-venv-module) when there is none. */
export async function findPython(options: FindPythonOptions): Promise<FoundPython> {
  const found = await probeCandidates(pathCandidates(options.env.PATH), options.env);
  const warnings: string[] = [];
  for (const minor of PREFERRED_PYTHON_MINORS) {
    const python = found.find((candidate) => candidate.minor === minor && candidate.canCreateVenv);
    if (python) return { python, warnings };
  }
  const fromUv = await pythonFromUv(options.env, options.onLine);
  if (fromUv.executable !== null) {
    const [python] = await probeCandidates([{ path: fromUv.executable, foundAs: "uv" }], options.env);
    if (python?.canCreateVenv) return { python, warnings };
  }
  if (fromUv.problem) warnings.push(fromUv.problem);
  const other = found.find((candidate) => isRecentEnough(candidate) && candidate.canCreateVenv);
  if (other) {
    warnings.push(
      `Using Python ${other.version} (${other.executable}): tgcf 1.1.8's dependency cryptg 0.4 has ready-made wheels only up to Python ${PREFERRED_PYTHON_MINORS[0]}, ` +
        `so pip must build it with a Rust compiler, which often fails. Python ${UV_PYTHON_MINOR} (or uv, which can provide it) installs without compiling.`,
    );
    return { python: other, warnings };
  }
  throw failureFor(found);
}

function failureFor(found: PythonInfo[]): InstallFailure {
  const withoutVenv = found.find((candidate) => isRecentEnough(candidate));
  if (withoutVenv) return noVenvModuleFailure(withoutVenv.minor, withoutVenv.executable);
  const old = found[0];
  if (old) return pythonTooOldFailure(`Python ${old.version} (${old.executable})`);
  return noPythonFailure();
}

function isRecentEnough(python: PythonInfo): boolean {
  const [major, minor] = python.minor.split(".").map(Number) as [number, number];
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

interface Candidate {
  path: string;
  foundAs: string;
}

/** Every executable file named like a Python in every PATH directory, in PYTHON_NAMES order, then PATH order. */
export function pathCandidates(searchPath: string | undefined): Candidate[] {
  const directories = (searchPath ?? "").split(delimiter).map((directory) => (directory === "" ? "." : directory));
  const candidates: Candidate[] = [];
  for (const name of PYTHON_NAMES) {
    for (const directory of directories) {
      const path = join(directory, name);
      if (isExecutableFile(path)) candidates.push({ path: resolve(path), foundAs: name });
    }
  }
  return candidates;
}

/** Asks every candidate what it is, in parallel; those that do not answer (a broken shim) are left out. Deduplicated by interpreter. */
async function probeCandidates(candidates: Candidate[], env: Record<string, string | undefined>): Promise<PythonInfo[]> {
  const answers = await Promise.all(candidates.map((candidate) => probe(candidate, env)));
  const seen = new Set<string>();
  return answers.filter((info): info is PythonInfo => info !== null && !seen.has(info.executable) && Boolean(seen.add(info.executable)));
}

async function probe(candidate: Candidate, env: Record<string, string | undefined>): Promise<PythonInfo | null> {
  let output = "";
  try {
    const result = await runChild([candidate.path, "-I", "-c", PROBE_SCRIPT], {
      cwd: tmpdir(),
      env: installEnvironment(env),
      timeoutMs: PYTHON_PROBE_TIMEOUT_MS,
      onLine: (line, stream) => {
        if (stream === "stdout") output += line;
      },
    });
    if (result.code !== 0) return null;
    const answer = JSON.parse(output) as { version: number[]; executable: string; venv: boolean; ensurepip: boolean };
    const [major, minor, micro] = answer.version;
    // An empty sys.executable means the interpreter cannot tell where it is: the path we ran is the best we have.
    const executable = answer.executable || candidate.path;
    return { executable, version: `${major}.${minor}.${micro}`, minor: `${major}.${minor}`, canCreateVenv: answer.venv && answer.ensurepip, foundAs: candidate.foundAs };
  } catch {
    return null; // not startable, or not a Python (no JSON): not a candidate
  }
}
