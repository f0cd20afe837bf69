// A PEP 503 "simple" package index on 127.0.0.1 serving the stand-in distributions built from
// test/fixtures/tgcf-wheel, and the environment that keeps pip on it: no config files, no other index, no proxy.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createHash } from "node:crypto";

export const FIXTURE_DIR = resolve(import.meta.dir, "../../fixtures/tgcf-wheel");
/** The Python the tests build with (CI: Debian's, made ready by .ci/ensure-python-venv). */
export const TEST_PYTHON = process.env.TGCF_TEST_PYTHON ?? "/usr/bin/python3";
/** Only system directories besides the test Python's: the installer finds that Python, never a developer's pyenv shims or uv. */
export const TEST_PATH = [...new Set([dirname(TEST_PYTHON), "/usr/bin", "/bin"])].join(":");

export interface Distribution {
  kind: "wheel" | "sdist";
  name: string;
  version: string;
  /** A folder of test/fixtures/tgcf-wheel. */
  source: string;
  requires?: string[];
  scripts?: Record<string, string>;
}

/** tgcf as poetry declares its requirements (the real 1.1.8 lists 18; these stand for them). */
export function standInTgcf(version: string, extraRequirements: string[] = []): Distribution {
  return {
    kind: "wheel",
    name: "tgcf",
    version,
    source: "tgcf",
    requires: ["tinydep (>=1.0,<2.0)", "streamlit (>=1.15.2,<2.0.0)", "tg-login (>=0.0.4,<0.0.5)", ...extraRequirements],
    scripts: { tgcf: "tgcf.cli:main" },
  };
}

export const TINYDEP: Distribution = { kind: "wheel", name: "tinydep", version: "1.0", source: "tinydep" };
export const BROKENPKG: Distribution = { kind: "sdist", name: "brokenpkg", version: "1.0", source: "brokenpkg" };

export interface PackageIndex {
  /** http://127.0.0.1:PORT/simple/ */
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  /** Resolves when a request for `path` has come (already or later). */
  requested(path: string): Promise<void>;
  stop(): Promise<void>;
}

export interface PackageIndexOptions {
  /** Projects whose /simple/<project>/ page never answers (until the client gives up): pip hangs there. */
  hang?: string[];
}

/** Builds `distributions` with make_dist.py and serves them. */
export async function startPackageIndex(distributions: Distribution[], options: PackageIndexOptions = {}): Promise<PackageIndex> {
  const filesDir = mkdtempSync(join(tmpdir(), "tgcf-index-"));
  const build = Bun.spawnSync([TEST_PYTHON, join(FIXTURE_DIR, "make_dist.py"), filesDir], { stdin: Buffer.from(JSON.stringify(distributions)), stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`make_dist.py failed: ${build.stderr.toString()}`);
  const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, "-");
  const files = readdirSync(filesDir).map((file) => ({ file, project: normalize(file.replace(/-\d.*$/, "")), bytes: readFileSync(join(filesDir, file)) }));
  const requests: string[] = [];
  const waiters: Array<{ path: string; resolve: () => void }> = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      requests.push(path);
      for (const waiter of waiters.filter((candidate) => candidate.path === path)) waiter.resolve();
      const project = /^\/simple\/([^/]+)\/$/.exec(path)?.[1];
      if (project !== undefined && options.hang?.includes(normalize(project))) {
        await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
        return new Response("gave up", { status: 503 });
      }
      if (project !== undefined) {
        const links = files.filter((entry) => entry.project === normalize(project));
        if (links.length === 0) return new Response("no such project", { status: 404 });
        const anchors = links.map((entry) => `<a href="/files/${entry.file}#sha256=${createHash("sha256").update(entry.bytes).digest("hex")}">${entry.file}</a>`);
        return new Response(`<!DOCTYPE html><html><body>\n${anchors.join("<br>\n")}\n</body></html>`, { headers: { "content-type": "text/html" } });
      }
      const file = files.find((entry) => path === `/files/${entry.file}`);
      return file ? new Response(file.bytes, { headers: { "content-type": "application/octet-stream" } }) : new Response("not found", { status: 404 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/simple/`,
    requests,
    requested: (path) => (requests.includes(path) ? Promise.resolve() : new Promise((resolve) => waiters.push({ path, resolve }))),
    async stop() {
      await server.stop(true);
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens: a port taken, then released. */
export async function closedIndexUrl(): Promise<string> {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const port = server.port;
  await server.stop(true);
  return `http://127.0.0.1:${port}/simple/`;
}

/**
 * The environment for the installer in tests: pip reads no config file (PIP_CONFIG_FILE=/dev/null), knows one index,
 * never retries for long, caches nothing, goes through no proxy; uv (were it on the PATH) downloads nothing.
 */
export function offlineEnv(indexUrl: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("PIP_") || name.startsWith("UV_") || /^(https?|all|no|ftp)_proxy$/i.test(name) || name.startsWith("TGCF_SERVER_")) continue;
    env[name] = value;
  }
  return {
    ...env,
    PATH: TEST_PATH,
    PIP_CONFIG_FILE: devNull,
    PIP_INDEX_URL: indexUrl,
    PIP_NO_CACHE_DIR: "1",
    PIP_RETRIES: "1",
    PIP_TIMEOUT: "10",
    NO_PROXY: "*",
    UV_OFFLINE: "1",
    UV_PYTHON_DOWNLOADS: "never",
    ...extra,
  };
}
