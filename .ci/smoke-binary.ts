// Smoke test of the compiled executable, the way a person would run it: copied alone into an empty
// directory, started there as a non-root user without HOME, driven over HTTP, stopped with SIGTERM.
//   bun .ci/smoke-binary.ts [path/to/tgcf-server]     (no path: `bun run build` first, then dist/tgcf-server)
//   SMOKE_RUNNER="qemu-aarch64-static -L /usr/aarch64-linux-gnu" bun .ci/smoke-binary.ts dist/tgcf-server-linux-arm64
// One line per check; the first failure prints the server's output and exits 1. On success it writes
// <binary>.sha256 for the very file it exercised (docs/deploy.md: how the Docker build is checked against it).
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..");
const TOKEN = "smoke-Token-6vB3nQ8rT1yL5wK9pZ2xJ4m";
const NOBODY_ID = 65534; // nobody / nogroup
const START_TIMEOUT_MS = Number(process.env.SMOKE_START_TIMEOUT_MS ?? 30_000);
const RUNNING_TIMEOUT_MS = 15_000;
const SIGTERM_EXIT_LIMIT_MS = 10_000;
const POLL_MS = 100;
const LOG_TAIL_LINES = 30;
const FIXTURES = join(ROOT, "test/fixtures");
/** A bot login and one enabled connection: enough for the server's pre-flight checks to let tgcf start. */
const SMOKE_CONFIG = {
  login: { API_ID: 123456, API_HASH: "0123456789abcdef0123456789abcdef", user_type: 0, BOT_TOKEN: "123456:smoke-test-bot-token" },
  forwards: [{ con_name: "smoke", source: -1001234567890, dest: [-1009876543210], use_this: true }],
  mode: 0,
};

let work: string | null = null;
let server: ReturnType<typeof Bun.spawn> | null = null;

function fail(name: string, detail: string): never {
  process.stdout.write(`FAIL ${name}\n     ${detail.trim().replaceAll("\n", "\n     ")}\n`);
  for (const log of ["server.out", "server.err"]) {
    const path = work ? join(work, log) : "";
    if (!path || !existsSync(path)) continue;
    const tail = readFileSync(path, "utf8").trimEnd().split("\n").slice(-LOG_TAIL_LINES).join("\n     ");
    process.stdout.write(`---- ${log} (last ${LOG_TAIL_LINES} lines)\n     ${tail}\n`);
  }
  process.exit(1);
}

function check(name: string, passed: boolean, detail: string): void {
  if (!passed) fail(name, detail);
  process.stdout.write(`ok   ${name}\n`);
}

function command(argv: string[], cwd: string, env: Record<string, string>): { code: number | null; out: string } {
  const run = Bun.spawnSync(argv, { cwd, env, stdout: "pipe", stderr: "pipe", timeout: START_TIMEOUT_MS });
  return { code: run.exitCode, out: `${run.stdout.toString()}${run.stderr.toString()}`.trim() };
}

async function waitFor(timeoutMs: number, condition: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await Bun.sleep(POLL_MS);
  }
  return false;
}

/** A port nothing listens on right now: bind port 0 on loopback, read it, let it go. */
function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

/** Alive and not a zombie (an orphan whose parent never reaps it is as good as gone). */
function pidAlive(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "" && state !== "Z" && state !== "X";
}

/** POST /api/run, then polls GET /api/status until it says running; the pid, or null. */
async function runTgcf(base: string, headers: Record<string, string>): Promise<number | null> {
  const started = await fetch(`${base}/api/run`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: "{}" });
  if (started.status !== 200) fail("POST /api/run", `status ${started.status}: ${await started.text()}`);
  let pid: number | null = null;
  const running = await waitFor(RUNNING_TIMEOUT_MS, async () => {
    const status = (await (await fetch(`${base}/api/status`, { headers })).json()) as { isRunning?: boolean; state?: string; pid?: number };
    pid = status.pid ?? null;
    return status.isRunning === true && status.state === "running";
  });
  return running ? pid : null;
}

const runner = (process.env.SMOKE_RUNNER ?? "").split(" ").filter(Boolean);
const asRoot = process.getuid?.() === 0;
const dropPrivileges = asRoot ? ["setpriv", `--reuid=${NOBODY_ID}`, `--regid=${NOBODY_ID}`, "--clear-groups"] : [];

const source = resolve(process.argv[2] ?? join(ROOT, "dist/tgcf-server"));
if (!process.argv[2]) {
  const build = Bun.spawnSync([process.execPath, ".ci/build.ts"], { cwd: ROOT, stdout: "inherit", stderr: "inherit" });
  if (!build.success) fail("bun run build", `exit ${build.exitCode}`);
}
if (!existsSync(source)) fail("the executable exists", `${source} not found: run bun run build`);
const sha256 = new Bun.CryptoHasher("sha256").update(readFileSync(source)).digest("hex");

work = mkdtempSync(join(tmpdir(), "tgcf-server-smoke-"));
const binDir = join(work, "bin");
const dataDir = join(work, "data");
const binary = join(binDir, "tgcf-server");
mkdirSync(binDir);
copyFileSync(source, binary);
chmodSync(binary, 0o755);
chmodSync(work, 0o755);
if (asRoot) for (const dir of [work, binDir]) chownSync(dir, NOBODY_ID, NOBODY_ID);
// The fake tgcf is copied beside the binary: the checkout may sit where nobody cannot read (under /root, say).
const FAKE_TGCF = join(work, "fixtures", "fake-tgcf.ts");
cpSync(join(FIXTURES, "fake-tgcf.ts"), FAKE_TGCF);
cpSync(join(FIXTURES, "fake-tgcf"), join(work, "fixtures", "fake-tgcf"), { recursive: true });
chmodSync(join(work, "fixtures"), 0o755);
process.on("exit", () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Nothing but PATH: no HOME, no USER, no TGCF_SERVER_*; the settings come from flags. */
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const exe = [...dropPrivileges, ...runner, binary];
const port = freePort();
const base = `http://127.0.0.1:${port}`;
const auth = { authorization: `Bearer ${TOKEN}` };
process.stdout.write(`smoke: ${source}\n       sha256 ${sha256}; runs as ${asRoot ? "nobody" : "this user"}, HOME unset, from ${binDir}\n`);

try {
  const version = command([...exe, "--version"], binDir, env);
  const expectedCommit = process.env.SMOKE_EXPECT_COMMIT;
  const commit = /^tgcf-server \S+ \(([^)]+)\)/.exec(version.out)?.[1];
  check(`--version names the commit it was built from (${commit})`, version.code === 0 && commit !== undefined && commit !== "source" && (!expectedCommit || commit === expectedCommit), version.out);

  const serverArgs = ["--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir, "--token", TOKEN, "--tgcf-command", `${process.execPath} ${FAKE_TGCF}`];
  server = Bun.spawn([...exe, ...serverArgs], { cwd: binDir, env, stdout: Bun.file(join(work, "server.out")), stderr: Bun.file(join(work, "server.err")) });
  const healthy = await waitFor(START_TIMEOUT_MS, async () => (await fetch(`${base}/api/health`).catch(() => null))?.status === 200);
  check(`GET /api/health answers 200 (within ${START_TIMEOUT_MS / 1000} s of exec)`, healthy, "no answer");

  const page = await fetch(`${base}/`);
  const html = await page.text();
  const csp = page.headers.get("content-security-policy") ?? "";
  check("GET / serves the UI's HTML with a Content-Security-Policy", page.status === 200 && html.includes("<html") && csp.includes("default-src"), `status ${page.status}, csp "${csp}"`);
  const script = /<script[^>]*\ssrc="([^"]+)"/.exec(html)?.[1];
  const asset = script ? await fetch(new URL(script, `${base}/`)) : null;
  const assetLength = asset ? (await asset.arrayBuffer()).byteLength : 0;
  check(`the UI's script ${script ?? "(none in the page)"} loads`, asset?.status === 200 && assetLength > 0 && /javascript/.test(asset.headers.get("content-type") ?? ""), `status ${asset?.status}, ${assetLength} bytes`);

  const docs = await fetch(`${base}/api/docs`, { headers: auth });
  check("GET /api/docs serves Swagger UI", docs.status === 200 && /swagger/i.test(await docs.text()), `status ${docs.status}`);
  const bundle = await fetch(`${base}/api/docs/assets/swagger-ui-bundle.js`, { headers: auth });
  const bundleLength = (await bundle.arrayBuffer()).byteLength;
  check("Swagger UI's script is served from the executable (no CDN)", bundle.status === 200 && bundleLength > 100_000, `status ${bundle.status}, ${bundleLength} bytes`);
  const openapi = await fetch(`${base}/api/docs/json`, { headers: auth });
  const document = (await openapi.json().catch(() => ({}))) as { openapi?: string; paths?: Record<string, unknown> };
  check("GET /api/docs/json answers the OpenAPI document", openapi.status === 200 && typeof document.openapi === "string" && "/api/run" in (document.paths ?? {}), `status ${openapi.status}`);

  const saved = await fetch(`${base}/api/config`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(SMOKE_CONFIG) });
  const savedText = await saved.text();
  // The instance `default` keeps its config in its own folder of the data dir (README, Data dir layout).
  const configFile = join(dataDir, "instances", "default", "tgcf.config.json");
  const stored = existsSync(configFile) ? (JSON.parse(readFileSync(configFile, "utf8")) as typeof SMOKE_CONFIG) : null;
  check("POST /api/config saves tgcf.config.json in the default instance's folder of the data dir", saved.status === 200 && stored?.login.BOT_TOKEN === SMOKE_CONFIG.login.BOT_TOKEN && stored.forwards.length === 1, `status ${saved.status}: ${savedText}`);

  const firstPid = await runTgcf(base, auth);
  check(`POST /api/run starts tgcf (the fake) and GET /api/status says running (pid ${firstPid})`, firstPid !== null, "tgcf never reached state running");
  const stopped = await fetch(`${base}/api/stop`, { method: "POST", headers: auth });
  const stoppedText = await stopped.text();
  const status = (await (await fetch(`${base}/api/status`, { headers: auth })).json()) as { isRunning?: boolean };
  check("POST /api/stop stops it", stopped.status === 200 && status.isRunning === false && !pidAlive(firstPid!), `stop ${stopped.status} ${stoppedText}, status ${JSON.stringify(status)}`);

  const probe = command([...exe, "healthcheck", "--port", String(port)], binDir, env);
  check(`tgcf-server healthcheck --port ${port} exits 0`, probe.code === 0, probe.out);
  const probeNothing = command([...exe, "healthcheck", "--port", String(freePort())], binDir, env);
  check("tgcf-server healthcheck exits non-zero when nothing answers", probeNothing.code !== 0 && probeNothing.code !== null, probeNothing.out);

  const runningPid = await runTgcf(base, auth);
  check("tgcf runs again, to be stopped by the server's shutdown", runningPid !== null, "tgcf never reached state running");
  const signalledAt = Date.now();
  server.kill("SIGTERM");
  const exitCode = await Promise.race([server.exited, Bun.sleep(SIGTERM_EXIT_LIMIT_MS).then(() => "no exit" as const)]);
  const tookMs = Date.now() - signalledAt;
  check(`SIGTERM: the server stops tgcf and exits 0 within ${SIGTERM_EXIT_LIMIT_MS / 1000} s (took ${tookMs} ms)`, exitCode === 0 && !pidAlive(runningPid!), `exit ${exitCode}, tgcf ${pidAlive(runningPid!) ? "still running" : "gone"}`);

  const beside = readdirSync(binDir);
  check("nothing was written beside the executable", beside.length === 1 && beside[0] === "tgcf-server", beside.join(", "));
} catch (error) {
  fail("smoke test", (error as Error).stack ?? String(error));
}

writeFileSync(`${source}.sha256`, `${sha256}  ${basename(source)}\n`);
process.stdout.write(`smoke: all checks passed; recorded ${source}.sha256\n`);
