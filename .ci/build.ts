// Compiles tgcf-server into self-contained executables (Bun runtime + bundle + embedded UI and docs assets).
//   bun run build       dist/tgcf-server for this machine, checked by running its --version
//   bun run build:all   dist/tgcf-server-<os>-<arch>[.exe] for every release target, and dist/SHA256SUMS
// Cross targets need Bun's runtime for that target, which `bun build` downloads from the npm registry once
// (then cached); a target that cannot be built is reported with bun's own words and the command exits 1,
// after building every target that can be built.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const ENTRY = "src/index.ts";
const DIST_DIR = join(ROOT, "dist");
/** What `bun run build` writes; the Dockerfile and .ci/smoke-binary.sh copy this path. */
export const HOST_BINARY = join(DIST_DIR, "tgcf-server");
const CHECKSUMS_FILE = join(DIST_DIR, "SHA256SUMS");
/** A cross target may have to download a runtime of about 40 MB first. */
const BUILD_TIMEOUT_MS = 10 * 60_000;
const VERSION_CHECK_TIMEOUT_MS = 30_000;
const UNKNOWN_COMMIT = "unknown";

/**
 * x64 builds embed Bun's "baseline" runtime: it runs on every x86-64 CPU (the other one needs AVX2, which
 * some VPS CPUs lack), and it is the runtime the official oven/bun image runs, so `bun run build` on a
 * machine and in the Dockerfile's build stage embed the same runtime and give the same bytes.
 */
export const RELEASE_TARGETS = [
  { target: "bun-linux-x64-baseline", file: "tgcf-server-linux-x64" },
  { target: "bun-linux-arm64", file: "tgcf-server-linux-arm64" },
  { target: "bun-darwin-arm64", file: "tgcf-server-darwin-arm64" },
  { target: "bun-windows-x64-baseline", file: "tgcf-server-windows-x64.exe" },
] as const;

/**
 * Flags shared by every build. --bytecode (which needs ESM here: src/index.ts awaits at top level)
 * more than halves the time to the first answer for about 4 MB more (bench/binary.ts). The executable must
 * behave the same in every directory it is started from, so it reads neither a .env nor a
 * bunfig.toml found there (a bunfig `preload` would run code).
 */
const COMPILE_FLAGS = ["--compile", "--minify", "--bytecode", "--format=esm", "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig"];

/** TGCF_SERVER_COMMIT from the environment (a Docker build has no .git), else git's short HEAD, else "unknown". */
export function buildCommit(): string {
  const fromEnv = process.env.TGCF_SERVER_COMMIT?.trim();
  if (fromEnv) return fromEnv;
  const git = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: ROOT, stdout: "pipe", stderr: "ignore" });
  const commit = git.success ? git.stdout.toString().trim() : "";
  return commit === "" ? UNKNOWN_COMMIT : commit;
}

interface BuildResult {
  file: string;
  ok: boolean;
  detail: string;
}

function sha256Of(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function mebibytes(path: string): string {
  return `${(statSync(path).size / 1024 / 1024).toFixed(1)} MiB`;
}

/** Runs `bun build --compile` for one target; returns bun's output when it fails. */
function compile(outfile: string, commit: string, target: string): string | null {
  const argv = [process.execPath, "build", ENTRY, ...COMPILE_FLAGS, `--target=${target}`, `--define=TGCF_SERVER_COMMIT=${JSON.stringify(commit)}`, `--outfile=${outfile}`];
  const run = Bun.spawnSync(argv, { cwd: ROOT, stdout: "pipe", stderr: "pipe", timeout: BUILD_TIMEOUT_MS });
  if (run.success) return null;
  const output = `${run.stdout.toString()}\n${run.stderr.toString()}`.trim().split("\n").slice(-20).join("\n");
  const why = run.exitedDueToTimeout ? `timed out after ${BUILD_TIMEOUT_MS / 1000} s` : `exit ${run.exitCode}`;
  return `${why}\n${output}`;
}

/** Runs the freshly built executable with --version; it must start and name the commit it was built from. */
function checkRuns(binary: string, commit: string): string | null {
  const run = Bun.spawnSync([binary, "--version"], { stdout: "pipe", stderr: "pipe", timeout: VERSION_CHECK_TIMEOUT_MS, env: {} });
  const printed = run.stdout.toString().trim();
  if (run.success && printed.includes(`(${commit})`)) return null;
  return `the built executable did not run: exit ${run.exitCode}, printed "${printed}" ${run.stderr.toString().trim()}`;
}

/** This machine as a --target name (x64: the baseline runtime, as in RELEASE_TARGETS). */
export function hostTarget(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `bun-${os}-${process.arch}${process.arch === "x64" ? "-baseline" : ""}`;
}

/**
 * Offline, with the baseline runtime not yet downloaded, the host build falls back to the Bun running
 * this script, and says what that costs; release builds never fall back.
 */
function compileForHost(commit: string): string | null {
  const failure = compile(HOST_BINARY, commit, hostTarget());
  if (failure === null || !failure.includes("Failed to download")) return failure;
  process.stderr.write(
    `warning: could not download Bun's ${hostTarget()} runtime, so dist/tgcf-server embeds the Bun running this build instead: ` +
      "it may need a newer CPU than the release binary, and it will not match the Docker build byte for byte.\n",
  );
  return compile(HOST_BINARY, commit, "bun");
}

function buildHost(commit: string): BuildResult {
  process.stdout.write(`building dist/tgcf-server (${hostTarget()})...\n`);
  rmSync(`${HOST_BINARY}.sha256`, { force: true }); // written by .ci/smoke-binary.ts for the file it tested, not this one
  const failure = compileForHost(commit) ?? checkRuns(HOST_BINARY, commit);
  if (failure) return { file: HOST_BINARY, ok: false, detail: failure };
  return { file: HOST_BINARY, ok: true, detail: `${mebibytes(HOST_BINARY)}  sha256 ${sha256Of(HOST_BINARY)}` };
}

function buildRelease(commit: string): BuildResult[] {
  rmSync(CHECKSUMS_FILE, { force: true }); // never leave a list that names files from an older build
  const results: BuildResult[] = [];
  for (const { target, file } of RELEASE_TARGETS) {
    const outfile = join(DIST_DIR, file);
    rmSync(outfile, { force: true });
    process.stdout.write(`building ${file} (${target})...\n`);
    const failure = compile(outfile, commit, target) ?? (target === hostTarget() ? checkRuns(outfile, commit) : null);
    results.push(failure ? { file, ok: false, detail: failure } : { file, ok: true, detail: mebibytes(outfile) });
  }
  const built = results.filter((result) => result.ok);
  const sums = built.map(({ file }) => `${sha256Of(join(DIST_DIR, file))}  ${file}\n`).join("");
  if (built.length > 0) writeFileSync(CHECKSUMS_FILE, sums);
  return results;
}

function report(results: BuildResult[]): number {
  for (const { file, ok, detail } of results) {
    if (ok) process.stdout.write(`built   ${file}  ${detail}\n`);
    else process.stderr.write(`FAILED  ${file}: ${detail.replaceAll("\n", "\n        ")}\n`);
  }
  const failed = results.filter((result) => !result.ok).map((result) => result.file);
  if (failed.length === 0) return 0;
  process.stderr.write(`${failed.length} of ${results.length} builds failed: ${failed.join(", ")}\n`);
  return 1;
}

if (import.meta.main) {
  const all = process.argv.includes("--all");
  const commit = buildCommit();
  mkdirSync(DIST_DIR, { recursive: true });
  process.stdout.write(`tgcf-server build: bun ${Bun.version}, commit ${commit}\n`);
  const results = all ? buildRelease(commit) : [buildHost(commit)];
  const exitCode = report(results);
  if (all && existsSync(CHECKSUMS_FILE)) process.stdout.write(`checksums in ${CHECKSUMS_FILE} (check with: cd dist && sha256sum -c SHA256SUMS)\n`);
  process.exit(exitCode);
}
