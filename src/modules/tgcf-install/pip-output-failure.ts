// Turns a failed pip run into one sentence a person can act on, from what its output showed (pip-output.ts).
import type { ChildResult } from "./child";
import { InstallFailure } from "./failure";
import type { PipFacts } from "./pip-output";
import { PREFERRED_PYTHON_MINORS, TGCF_MODEL_VERSION } from "./release";

/** pip's default index, named in messages when pip said nothing about its indexes. */
export const DEFAULT_INDEX_URL = "https://pypi.org/simple";
/** A missing version's sentence lists this many of the newest versions there are. */
const VERSIONS_SHOWN = 5;
const PREFERRED_PYTHON = PREFERRED_PYTHON_MINORS[0]!;
const USE_PREFERRED_PYTHON =
  `use Python ${PREFERRED_PYTHON}, for which all of tgcf's dependencies have ready-made wheels (install it, or install uv so tgcf-server can get it)`;

export interface PipRunContext {
  /** What was being installed: "tgcf 1.1.8" or "tgcf 1.1.8's dependencies". */
  subject: string;
  /** The tgcf version asked for. */
  version: string;
  /** The environment's Python, "3.11". */
  pythonMinor: string;
  timeoutMs: number;
}

/** The failure of a pip run that did not exit 0 (cancelled runs are not pip's failure: see the installer). */
export function pipFailure(facts: PipFacts, result: ChildResult, context: PipRunContext): InstallFailure {
  const index = facts.indexes.length > 0 ? facts.indexes.join(", ") : DEFAULT_INDEX_URL;
  if (result.timedOut) {
    return new InstallFailure("timed-out", `Installing ${context.subject} did not finish within ${Math.round(context.timeoutMs / 60_000)} minutes: check the network and try again.`);
  }
  if (facts.connectionProblems.length > 0) {
    return new InstallFailure(
      "index-unreachable",
      `The package index ${index} could not be reached (${facts.connectionProblems.join("; ")}): check the network connection and the proxy settings ` +
        "(HTTPS_PROXY, HTTP_PROXY), or name a reachable index with --index-url or PIP_INDEX_URL; then try again.",
    );
  }
  const failedBuild = facts.failedBuilds[0];
  if (failedBuild !== undefined) return buildFailure(failedBuild, facts, context);
  const notFound = facts.notFound;
  if (notFound !== null && notFound.name === "tgcf") {
    if (facts.ignoredForPython !== null && facts.ignoredForPython.split(/[\s;]+/).includes(context.version)) {
      return new InstallFailure(
        "python-not-supported",
        `tgcf ${context.version} does not support Python ${context.pythonMinor} (${facts.ignoredForPython}): ${USE_PREFERRED_PYTHON}; then try again.`,
      );
    }
    if (notFound.versions.length === 0) {
      return new InstallFailure(
        "version-not-found",
        `The package index ${index} has no tgcf at all: it may be unreachable or not carry tgcf; check the network and --index-url / PIP_INDEX_URL (the default is ${DEFAULT_INDEX_URL}), then try again.`,
      );
    }
    const newest = notFound.versions.slice(-VERSIONS_SHOWN).join(", ");
    return new InstallFailure(
      "version-not-found",
      `tgcf ${context.version} does not exist on the package index ${index}: choose one of its versions (the newest: ${newest}); this server is made for ${TGCF_MODEL_VERSION}, the default.`,
    );
  }
  if (notFound !== null) {
    const available = notFound.versions.length === 0 ? "none at all" : `only ${notFound.versions.slice(-VERSIONS_SHOWN).join(", ")}`;
    return new InstallFailure(
      "version-not-found",
      `tgcf ${context.version} needs ${notFound.requirement}, which the package index ${index} does not have for Python ${context.pythonMinor} (it has ${available}): ` +
        `${USE_PREFERRED_PYTHON}, or use an index that carries it; then try again.`,
    );
  }
  const lastError = facts.errors.at(-1) ?? result.tail.filter((line) => line.trim() !== "").at(-1) ?? "no output";
  return new InstallFailure("pip-failed", `pip could not install ${context.subject} (exit code ${result.code ?? result.signal}): ${lastError.trim()}. See the output above, then try again.`);
}

function buildFailure(name: string, facts: PipFacts, context: PipRunContext): InstallFailure {
  const noWheel = `${name} has no ready-made wheel for Python ${context.pythonMinor} on this system, so pip had to build it`;
  if (facts.missingBuildTool !== null) {
    const compiler = /rust/i.test(facts.missingBuildTool) ? "a Rust compiler" : "a C compiler";
    const installCompiler = /rust/i.test(facts.missingBuildTool) ? "install Rust (https://rustup.rs)" : "install a compiler (Debian/Ubuntu: `apt install build-essential python3-dev`)";
    return new InstallFailure(
      "needs-compiler",
      `Building ${name} failed: ${noWheel}, which needs ${compiler}, and ${facts.missingBuildTool} is missing. ${capitalize(USE_PREFERRED_PYTHON)}, or ${installCompiler}; then try again.`,
    );
  }
  if (facts.missingPythonHeaders) {
    return new InstallFailure(
      "needs-compiler",
      `Building ${name} failed: ${noWheel}, which needs Python's C headers (Python.h), and they are missing. ${capitalize(USE_PREFERRED_PYTHON)}, or install them (Debian/Ubuntu: \`apt install python${context.pythonMinor}-dev\`); then try again.`,
    );
  }
  return new InstallFailure(
    "build-failed",
    `Building ${name} failed: ${noWheel}, and its build stopped with an error (see the output above). ${capitalize(USE_PREFERRED_PYTHON)}; then try again.`,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
