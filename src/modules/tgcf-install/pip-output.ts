// Reads pip's output (pip 21 to 24, run with --progress-bar off) as it comes: what each line says about a package,
// and the facts a failure is explained with. Pure: fed one line at a time, it never touches a process.
import { normalizeProjectName, requirementName } from "./release";

export type PackageAction = "collecting" | "downloading" | "cached" | "building" | "installing" | "installed";

export interface PackageNews {
  action: PackageAction;
  name: string;
  version: string | null;
  /** As pip wrote it ("2.4 kB"); null when pip gave none (no Content-Length). */
  size: string | null;
  /** `size` in bytes (pip rounds: kB are 1000 bytes); null with it. */
  bytes: number | null;
}

/** What pip's output has shown so far, for explaining a failure. */
export interface PipFacts {
  /** "Looking in indexes: …"; empty when pip used only the default (PyPI). */
  indexes: string[];
  /** Why connections failed ("Connection refused", "Name or service not known"…), from pip's retry warnings. */
  connectionProblems: string[];
  /** "Could not find a version that satisfies the requirement X (from versions: …)". */
  notFound: { requirement: string; name: string | null; versions: string[] } | null;
  /** "Ignored the following versions that require a different python version: …" */
  ignoredForPython: string | null;
  /** Packages whose build (metadata, requirements or wheel) failed, in order. */
  failedBuilds: string[];
  /** The build tool a failed build could not run ("gcc", "cargo"), when its output says so. */
  missingBuildTool: string | null;
  /** The build output says Python's C headers (Python.h) are missing. */
  missingPythonHeaders: boolean;
  /** "X requires Y, which is not installed." after pip's resolver note: [X, Y's name]. */
  unmetRequirements: Array<[string, string]>;
  /** Every "ERROR: …" line, without the prefix. */
  errors: string[];
}

const SIZE_UNITS: Record<string, number> = { bytes: 1, kB: 1_000, MB: 1_000_000, GB: 1_000_000_000 };
const DOWNLOADING = /^\s*(Downloading|Using cached) (\S+)(?: \(([\d.]+) (bytes|kB|MB|GB)\))?/;
const COLLECTING = /^\s*Collecting (.+?)(?: \(from [^)]*\))?$/;
const BUILDING = /^\s*Building wheel for (\S+) \(/;
const BUILD_STEP_ERROR = /^\s*(?:Getting requirements to build wheel|Preparing metadata \([^)]*\)|Installing build dependencies).*(?:finished with status 'error'|\.\.\. error)$/;
const WHEEL_BUILD_ERROR = /^\s*Building wheel for (\S+) \([^)]*\)(?::)? .*(?:finished with status 'error'|\.\.\. error)$/;
const FAILED_BUILDING = /^(?:\s*ERROR: Failed building wheel for |Failed to build )(\S+)/;
const NOT_FOUND = /Could not find a version that satisfies the requirement (.+?) \(from versions: ([^)]*)\)/;
const IGNORED_FOR_PYTHON = /Ignored the following versions that require a different python version: (.*)$/;
const RETRYING = /Retrying \(.*\) after connection broken by '(.*)'/;
const COULD_NOT_FETCH = /Could not fetch URL (\S+): (.*?)(?: - skipping)?$/;
const UNMET = /^(\S+) [^ ]+ requires (\S+?)[<>=!~,;\s]/;
const MISSING_TOOL = [
  /error: command '([^']+)' failed: No such file or directory/,
  /unable to execute '([^']+)': No such file or directory/,
  /\b((?:[\w.-]+-)?(?:gcc|g\+\+|cc|clang|c\+\+)): (?:not found|command not found|No such file or directory)/,
  /error: (Microsoft Visual C\+\+ [\d.]+) or greater is required/,
  /(can't find Rust compiler|Cargo, the Rust package manager, is not installed)/,
];
/** Said about connections that could not be made, shortest first (pip's warnings quote whole exception reprs). */
const CONNECTION_REASONS = [
  "Connection refused",
  "Name or service not known",
  "Temporary failure in name resolution",
  "nodename nor servname provided",
  "No route to host",
  "Network is unreachable",
  "Connection reset by peer",
  "timed out",
  "Cannot connect to proxy",
  "certificate verify failed",
];

export class PipOutputReader {
  readonly facts: PipFacts = {
    indexes: [],
    connectionProblems: [],
    notFound: null,
    ignoredForPython: null,
    failedBuilds: [],
    missingBuildTool: null,
    missingPythonHeaders: false,
    unmetRequirements: [],
    errors: [],
  };
  /** The package pip is working on (its last "Collecting"): a failing build step names no package itself. */
  private current: string | null = null;
  private inResolverNote = false;

  /** Reads one line; returns what it says about a package, if anything. */
  read(line: string): PackageNews[] {
    const facts = this.facts;
    const text = line.trimEnd();
    if (text.startsWith("ERROR: ")) facts.errors.push(text.slice("ERROR: ".length));
    this.readFailureFacts(text);

    const indexes = /^Looking in indexes: (.*)$/.exec(text);
    if (indexes) facts.indexes = indexes[1]!.split(",").map((url) => url.trim()).filter(Boolean);

    const collecting = COLLECTING.exec(text);
    if (collecting) {
      const name = requirementName(collecting[1]!);
      this.current = name;
      return name === null ? [] : [{ action: "collecting", name, version: versionOfRequirement(collecting[1]!), size: null, bytes: null }];
    }
    const downloading = DOWNLOADING.exec(text);
    if (downloading) {
      const file = decodeURIComponent(downloading[2]!.split("/").at(-1)!.split("#")[0]!);
      // pip 24 first fetches a wheel's metadata alone (PEP 658): not the package itself.
      if (file.endsWith(".metadata")) return [];
      const parsed = parseDistributionFile(file);
      const size = downloading[3] === undefined ? null : `${downloading[3]} ${downloading[4]}`;
      const bytes = downloading[3] === undefined ? null : Math.round(Number(downloading[3]) * SIZE_UNITS[downloading[4]!]!);
      const name = parsed?.name ?? this.current ?? file;
      return [{ action: downloading[1] === "Downloading" ? "downloading" : "cached", name, version: parsed?.version ?? null, size, bytes }];
    }
    const building = BUILDING.exec(text);
    if (building && !/error|done/.test(text.slice(building[0].length))) {
      return [{ action: "building", name: normalizeProjectName(building[1]!), version: null, size: null, bytes: null }];
    }
    const installing = /^Installing collected packages: (.*)$/.exec(text);
    if (installing) return splitList(installing[1]!).map((name) => ({ action: "installing", name: normalizeProjectName(name), version: null, size: null, bytes: null }));
    const installed = /^Successfully installed (.*)$/.exec(text);
    if (installed) {
      return installed[1]!.split(/\s+/).filter(Boolean).map((item) => {
        const cut = item.lastIndexOf("-");
        return { action: "installed", name: normalizeProjectName(cut > 0 ? item.slice(0, cut) : item), version: cut > 0 ? item.slice(cut + 1) : null, size: null, bytes: null };
      });
    }
    return [];
  }

  private readFailureFacts(text: string): void {
    const facts = this.facts;
    const notFound = NOT_FOUND.exec(text);
    if (notFound && facts.notFound === null) {
      const versions = notFound[2]!.trim() === "none" ? [] : splitList(notFound[2]!);
      facts.notFound = { requirement: notFound[1]!, name: requirementName(notFound[1]!), versions };
    }
    const ignored = IGNORED_FOR_PYTHON.exec(text);
    if (ignored) facts.ignoredForPython = ignored[1]!;
    const connection = RETRYING.exec(text)?.[1] ?? (COULD_NOT_FETCH.exec(text)?.[2] && /connection|timed out|SSL/i.test(text) ? text : undefined);
    if (connection !== undefined) {
      const reason = CONNECTION_REASONS.find((candidate) => connection.includes(candidate)) ?? "the connection failed";
      if (!facts.connectionProblems.includes(reason)) facts.connectionProblems.push(reason);
    }
    const wheelError = WHEEL_BUILD_ERROR.exec(text)?.[1] ?? FAILED_BUILDING.exec(text)?.[1];
    if (wheelError !== undefined) this.noteFailedBuild(normalizeProjectName(wheelError));
    else if (BUILD_STEP_ERROR.test(text) && this.current !== null) this.noteFailedBuild(this.current);
    for (const pattern of MISSING_TOOL) {
      const tool = pattern.exec(text)?.[1];
      if (tool !== undefined && facts.missingBuildTool === null) facts.missingBuildTool = /rust|cargo/i.test(tool) ? "Rust (cargo)" : tool;
    }
    if (/Python\.h: No such file or directory/.test(text)) facts.missingPythonHeaders = true;
    if (text.includes("pip's dependency resolver does not currently take into account all the packages that are installed")) {
      this.inResolverNote = true;
      return;
    }
    if (this.inResolverNote) {
      const unmet = UNMET.exec(text + " ");
      if (unmet && /which is not installed|but you have/.test(text)) facts.unmetRequirements.push([normalizeProjectName(unmet[1]!), requirementName(unmet[2]!) ?? unmet[2]!]);
      else this.inResolverNote = false;
    }
  }

  private noteFailedBuild(name: string): void {
    if (!this.facts.failedBuilds.includes(name)) this.facts.failedBuilds.push(name);
  }
}

/** "tgcf-1.1.8-py3-none-any.whl" → tgcf 1.1.8; "brokenpkg-1.0.tar.gz" → brokenpkg 1.0; null for anything else. */
export function parseDistributionFile(file: string): { name: string; version: string } | null {
  if (file.endsWith(".whl")) {
    const [name, version] = file.slice(0, -".whl".length).split("-");
    return name && version ? { name: normalizeProjectName(name), version } : null;
  }
  const sdist = /^(.+)-(\d[^-]*?)\.(?:tar\.gz|tar\.bz2|tar\.xz|zip|tgz)$/.exec(file);
  return sdist ? { name: normalizeProjectName(sdist[1]!), version: sdist[2]! } : null;
}

function versionOfRequirement(requirement: string): string | null {
  return /==\s*([^,;\s)]+)/.exec(requirement)?.[1] ?? null;
}

function splitList(text: string): string[] {
  return text.split(",").map((item) => item.trim()).filter(Boolean);
}
