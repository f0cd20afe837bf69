// The environment Python, pip and uv run with during an install: the server's own, so pip honours PIP_INDEX_URL,
// PIP_EXTRA_INDEX_URL, pip.conf and the proxy variables, minus what would make pip install somewhere else.

/**
 * Never passed on. TGCF_SERVER_* hold the server's settings (the token among them). The others would send pip's
 * files outside the new environment (PIP_USER, PIP_TARGET, PIP_PREFIX, PIP_ROOT) or load another Python's
 * modules into it (PYTHONHOME, PYTHONPATH, PYTHONSTARTUP, VIRTUAL_ENV of the shell that started the server).
 */
export const WITHHELD_FROM_INSTALL = ["PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "VIRTUAL_ENV", "PIP_USER", "PIP_TARGET", "PIP_PREFIX", "PIP_ROOT"];
const WITHHELD_PREFIXES = ["TGCF_SERVER_"];

/** Lines arrive as they are printed, in UTF-8 (pip's error boxes use "×" and "╰─>"), and pip never prompts. */
export const INSTALL_ENV_OVERRIDES: Readonly<Record<string, string>> = {
  PYTHONUNBUFFERED: "1",
  PYTHONIOENCODING: "utf-8",
  PIP_DISABLE_PIP_VERSION_CHECK: "1",
  PIP_NO_INPUT: "1",
};

export function installEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || WITHHELD_FROM_INSTALL.includes(name) || WITHHELD_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    kept[name] = value;
  }
  return { ...kept, ...INSTALL_ENV_OVERRIDES };
}

/**
 * pip's options for every install: no progress bars (one line per package instead), wheels over newer source
 * releases (an older release with a wheel installs without a compiler), and --index-url when one was given.
 */
export function pipInstallArgs(python: string, indexUrl: string | null): string[] {
  return [python, "-m", "pip", "install", "--progress-bar", "off", "--prefer-binary", ...(indexUrl === null ? [] : ["--index-url", indexUrl])];
}
