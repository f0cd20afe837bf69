// Which tgcf this server is made for, and which of tgcf's declared dependencies a managed install leaves out.

/** The tgcf release the server's config model (src/modules/config/model.ts) describes: what an install picks by default. */
export const TGCF_MODEL_VERSION = "1.1.8";

/**
 * tgcf's Requires-Dist entries a managed install skips. Only tgcf's own web UI uses them: streamlit is imported by
 * tgcf/web_ui alone (the `tgcf-web` command), and tg-login is a separate sign-in program the web UI tells people to
 * run; tgcf imports it nowhere. `tgcf live|past`, all this server runs, never loads either, and streamlit alone pulls
 * in pandas, pyarrow, numpy and dozens more (hundreds of MB, and compilers on Pythons without their wheels).
 */
export const SKIPPED_REQUIREMENTS: readonly string[] = ["streamlit", "tg-login"];

/** Python versions tgcf 1.1.8's dependencies publish wheels for (cryptg 0.4's stop at CPython 3.11): tried first. */
export const PREFERRED_PYTHON_MINORS: readonly string[] = ["3.11", "3.10"];
/** tgcf declares Requires-Python >=3.10 (pyproject: python = "^3.10"). */
export const MIN_PYTHON: readonly [number, number] = [3, 10];

/** A version as pip takes it after `tgcf==` (PEP 440 characters only, so it can never read as an option). */
export const VERSION_PATTERN = "^[0-9][0-9A-Za-z.+!-]{0,63}$";
const VERSION_REGEX = new RegExp(VERSION_PATTERN);

export function isValidVersion(version: string): boolean {
  return VERSION_REGEX.test(version);
}

/** True when `version` is the release the config model is made for (ignoring a leading "v" and surrounding text). */
export function isCompatibleVersion(version: string | null): boolean {
  return version !== null && versionIn(version) === TGCF_MODEL_VERSION;
}

/** The first dotted version number in `text` ("tgcf 1.1.8", "1.1.8"), or null. */
export function versionIn(text: string): string | null {
  return /\b(\d+(?:\.\d+)+(?:[a-z]+\d*)?(?:\.post\d+)?(?:\.dev\d+)?)\b/i.exec(text)?.[1] ?? null;
}

/** A project name as PEP 503 compares them: lower case, runs of `-_.` as one `-`. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** The project a PEP 508 requirement names ("PyYAML (>=6.0,<7.0)" → "pyyaml"), normalised; null when none. */
export function requirementName(requirement: string): string | null {
  const name = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement)?.[1];
  return name === undefined ? null : normalizeProjectName(name);
}

/** Splits tgcf's requirements into those to install and those skipped (SKIPPED_REQUIREMENTS). */
export function partitionRequirements(requirements: readonly string[]): { install: string[]; skipped: string[] } {
  const install: string[] = [];
  const skipped: string[] = [];
  for (const requirement of requirements) {
    const name = requirementName(requirement);
    (name !== null && SKIPPED_REQUIREMENTS.includes(name) ? skipped : install).push(requirement);
  }
  return { install, skipped };
}
