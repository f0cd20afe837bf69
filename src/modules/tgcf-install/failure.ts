// Why an install failed, as one sentence saying what to do, with a code a client can branch on.

export type FailureCode =
  | "no-python"
  | "python-too-old"
  | "no-venv-module"
  | "environment-failed"
  | "version-not-found"
  | "python-not-supported"
  | "index-unreachable"
  | "needs-compiler"
  | "build-failed"
  | "pip-failed"
  | "check-failed"
  | "timed-out"
  | "cancelled"
  | "switch-failed";

/** An install step failed; `message` is the sentence a person reads. The previous environment is untouched. */
export class InstallFailure extends Error {
  override name = "InstallFailure";
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** How to get a Python that tgcf's dependencies have wheels for, on the common systems. */
export const GET_PYTHON_HINT =
  "install Python 3.11 with its venv module (Debian/Ubuntu: `apt install python3.11 python3.11-venv`; Fedora: `dnf install python3.11`; " +
  "macOS: `brew install python@3.11`), or install uv (https://docs.astral.sh/uv/), which tgcf-server then uses to get Python 3.11";

export function noPythonFailure(): InstallFailure {
  return new InstallFailure("no-python", `No Python was found on the PATH: ${GET_PYTHON_HINT}; then try again.`);
}

/** `found`: e.g. "Python 3.9 (/usr/bin/python3)". */
export function pythonTooOldFailure(found: string): InstallFailure {
  return new InstallFailure("python-too-old", `Only ${found} was found, and tgcf needs Python 3.10 or newer: ${GET_PYTHON_HINT}; then try again.`);
}

/** The Debian/Ubuntu package that holds `python`'s venv and ensurepip modules. */
export function venvPackageOf(minorVersion: string): string {
  return `python${minorVersion}-venv`;
}

export function noVenvModuleFailure(minorVersion: string, executable: string): InstallFailure {
  return new InstallFailure(
    "no-venv-module",
    `Python ${minorVersion} (${executable}) cannot create a virtual environment because its venv/ensurepip module is missing: ` +
      `install it with \`apt install ${venvPackageOf(minorVersion)}\` (Debian/Ubuntu; or \`apt install python3-venv\`), then try again.`,
  );
}
