// tgcf runs in the data dir as the server's user, so it can replace any file or directory the server keeps there by a
// symbolic link. For each of them, planted before the server starts and while it runs, the whole API is exercised
// (sign-in, config reads and writes, backups, a tgcf run and its logs): nothing outside the data dir may be read or
// written, and a link planted before the start must be refused by name.
import { afterAll, afterEach, beforeAll, describe, expect, spyOn, test } from "bun:test";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { SESSIONS_FILE_NAME } from "../../src/modules/auth/sessions";
import { TOKEN_FILE_NAME } from "../../src/modules/auth/token";
import { BACKUP_DIR_NAME, BACKUP_RECORDS_DIR_NAME, backupFileName, CURRENT_VERSION_RECORD_NAME, nextBackupId } from "../../src/modules/config/backups";
import { CONFIG_FILE_NAME } from "../../src/modules/config/store";
import { KEEP_LOG_FILES, LOG_DIR_NAME, LOG_FILE_NAME, logFilePath } from "../../src/modules/logs/log-file";
import { formatLogRecord } from "../../src/modules/logs/log-line";
import { RESERVATION_FILE_NAME } from "../../src/modules/logs/seq-reservation";
import { CHILD_RECORD_FILE, DESIRED_STATE_FILE } from "../../src/modules/process/desired-state";
import { createLogger } from "../../src/utils/logger";
import { SERVER_STATE_DIR_NAME } from "../../src/utils/server-state-dir";
import { RUNNABLE_CONFIG, startTestServer, waitUntil, type TestServer } from "../helpers/server";

const MARKER = "MARKER-outside-the-data-dir";
/** What the seq reservation file outside holds: a seq this high would show in every log answer. */
const SEQ_MARKER = "4242424242";
/** An hour before a file's mtime: the next read moves it (relatime), so a read through a link shows. */
const OLD_ATIME_OFFSET_MS = 3_600_000;
const PLANTED_BACKUP_ID = nextBackupId(new Date("2020-01-01T00:00:00.000Z"), undefined);

/** Every file the server reads or writes in a data dir, relative to it, from the modules' own names. */
const FILES = [
  CONFIG_FILE_NAME,
  join(BACKUP_DIR_NAME, backupFileName(PLANTED_BACKUP_ID)),
  ...[TOKEN_FILE_NAME, SESSIONS_FILE_NAME, DESIRED_STATE_FILE, CHILD_RECORD_FILE].map((name) => join(SERVER_STATE_DIR_NAME, name)),
  ...Array.from({ length: KEEP_LOG_FILES }, (_, index) => logFilePath(LOG_DIR_NAME, index)),
  join(LOG_DIR_NAME, RESERVATION_FILE_NAME),
  join(SERVER_STATE_DIR_NAME, BACKUP_RECORDS_DIR_NAME, CURRENT_VERSION_RECORD_NAME),
];
const DIRECTORIES = [BACKUP_DIR_NAME, SERVER_STATE_DIR_NAME, LOG_DIR_NAME, join(SERVER_STATE_DIR_NAME, BACKUP_RECORDS_DIR_NAME)];
const ENTRIES = [...FILES, ...DIRECTORIES];

/** Content that would show in an answer if the server read it through the link. */
function markerContent(entry: string): string {
  if (entry === CONFIG_FILE_NAME || entry.startsWith(BACKUP_DIR_NAME)) {
    return JSON.stringify({ ...RUNNABLE_CONFIG, forwards: [{ ...RUNNABLE_CONFIG.forwards[0], con_name: MARKER }] });
  }
  if (entry.endsWith(RESERVATION_FILE_NAME)) return SEQ_MARKER;
  if (entry.includes(LOG_FILE_NAME)) return formatLogRecord({ seq: 1, ts: "2020-01-01T00:00:00.000Z", stream: "stdout", line: MARKER });
  return MARKER;
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

let atimeRecordsReads = false;
beforeAll(() => {
  const root = mkdtempSync(join(tmpdir(), "tgcf-atime-"));
  roots.push(root);
  const probe = join(root, "probe");
  writeFileSync(probe, "probe");
  ageAccessTime(probe);
  const before = lstatSync(probe).atimeMs;
  readFileSync(probe);
  atimeRecordsReads = lstatSync(probe).atimeMs !== before;
});

function ageAccessTime(path: string): void {
  const { mtime } = lstatSync(path);
  utimesSync(path, new Date(mtime.getTime() - OLD_ATIME_OFFSET_MS), mtime);
}

interface Outside {
  /** The directory holding the link's target (a file, or a directory holding what the server would look for in it). */
  root: string;
  /** Every path under `root` with its lstat, taken without reading anything. */
  stats: Map<string, { size: number; mtimeMs: number; atimeMs: number }>;
  /** The files under `root` and what they hold. */
  contents: Map<string, string>;
}

/** Replaces `entry` of the data dir by a link to a marked file or directory outside it. */
function plantLink(dataDir: string, entry: string): Outside {
  const root = join(tempRootOf(dataDir), "elsewhere");
  const target = join(root, "target");
  mkdirSync(root, { recursive: true });
  const contents = new Map<string, string>();
  if (DIRECTORIES.includes(entry)) {
    mkdirSync(target);
    for (const file of FILES.filter((file) => file.startsWith(entry + "/"))) contents.set(join(target, relative(entry, file)), markerContent(file));
  } else {
    contents.set(target, markerContent(entry));
  }
  for (const [path, content] of contents) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  const paths = [...new Set([root, target, ...[...contents.keys()].map((path) => dirname(path)), ...contents.keys()])];
  const link = join(dataDir, entry);
  rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true, mode: 0o700 });
  symlinkSync(target, link);
  for (const path of paths) ageAccessTime(path);
  const stats = new Map(paths.map((path) => [path, statOf(path)]));
  return { root, stats, contents };
}

function statOf(path: string) {
  const { size, mtimeMs, atimeMs } = lstatSync(path);
  return { size, mtimeMs, atimeMs };
}

function walk(dir: string): string[] {
  return [dir, ...readdirSync(dir, { withFileTypes: true }).flatMap((child) => (child.isDirectory() ? walk(join(dir, child.name)) : [join(dir, child.name)]))];
}

// Times first: listing and reading the files here would move their access times.
function expectUntouched(outside: Outside): void {
  for (const [path, before] of outside.stats) {
    const after = statOf(path);
    expect({ path, size: after.size, mtimeMs: after.mtimeMs }).toEqual({ path, size: before.size, mtimeMs: before.mtimeMs });
    if (atimeRecordsReads) expect({ path, atimeMs: after.atimeMs }).toEqual({ path, atimeMs: before.atimeMs });
  }
  expect(walk(outside.root).sort()).toEqual([...outside.stats.keys()].sort());
  for (const [path, content] of outside.contents) expect(readFileSync(path, "utf8")).toBe(content);
}

/** Everything the server says: API answers, its log, console.error. */
class Transcript {
  readonly lines: string[] = [];
  readonly logger = createLogger("debug", (line) => this.lines.push(line));

  get text(): string {
    return this.lines.join("\n");
  }
}

let consoleError: ReturnType<typeof spyOn> | null = null;
afterEach(() => {
  consoleError?.mockRestore();
  consoleError = null;
});

/** The data dir of the instance default, <root>/data/instances/default, where the files planted here live. */
function newDataDir(): string {
  const root = mkdtempSync(join(tmpdir(), "tgcf-symlinks-"));
  roots.push(root);
  const dataDir = join(root, "data", "instances", "default");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  return dataDir;
}

/** The server's own files stay in the server's data dir; every other entry is the instance's. */
const SERVER_ENTRIES = [TOKEN_FILE_NAME, SESSIONS_FILE_NAME].map((name) => join(SERVER_STATE_DIR_NAME, name));
function dirOf(entry: string, dataDir: string): string {
  return SERVER_ENTRIES.includes(entry) ? serverDirOf(dataDir) : dataDir;
}

/** The temporary directory newDataDir made, above any dir inside it. */
function tempRootOf(dir: string): string {
  while (!basename(dir).startsWith("tgcf-symlinks-")) dir = dirname(dir);
  return dir;
}

/** The server's data dir (--data-dir) holding the instance dir `dataDir`. */
function serverDirOf(dataDir: string): string {
  return dirname(dirname(dataDir));
}

function startServer(dataDir: string, transcript: Transcript): Promise<TestServer> {
  return startTestServer({ dataDir: serverDirOf(dataDir), token: null }, { logger: transcript.logger, childEnv: { ...process.env, PYTHONUNBUFFERED: "1" } });
}

/** Signs in, reads and writes the config, lists, reads and restores backups, runs tgcf, reads and downloads its logs. */
async function exercise(server: TestServer, transcript: Transcript): Promise<void> {
  const token = server.handle.token.token;
  const call = async (path: string, init: RequestInit = {}, bearer = true) => {
    const headers = new Headers(init.headers);
    if (bearer) headers.set("authorization", `Bearer ${token}`);
    const response = await fetch(server.url + path, { ...init, headers });
    const text = await response.text();
    transcript.lines.push(`${init.method ?? "GET"} ${path}: ${response.status} ${text}`);
    return { ok: response.ok, text };
  };
  const json = (method: string, body: unknown): RequestInit => ({ method, headers: { "content-type": "application/json", origin: server.origin }, body: JSON.stringify(body) });

  await call("/api/login", json("POST", { token }), false);
  await call("/api/config");
  await call("/api/config", json("PATCH", RUNNABLE_CONFIG));
  await call("/api/config", json("PATCH", { forwards: [{ ...RUNNABLE_CONFIG.forwards[0], con_name: "second" }] }));
  const list = await call("/api/config/backups");
  const listed = list.ok ? (JSON.parse(list.text) as Array<{ id: string }>).map((backup) => backup.id) : [];
  for (const id of [...listed, PLANTED_BACKUP_ID]) await call(`/api/config/backups/${id}`);
  for (const id of [PLANTED_BACKUP_ID, ...listed.slice(0, 1)]) await call(`/api/config/backups/${id}/restore`, { method: "POST" });
  const run = await call("/api/run", json("POST", { mode: "live" }));
  if (run.ok) {
    await waitUntil(() => server.handle.instance.logs.tail(100).some((line) => line.stream === "stdout"), 10_000, "tgcf's first line");
    await call("/api/stop", { method: "POST" });
  }
  await call("/api/logs?tail=1000");
  await call("/api/logs/download?ansi=keep");
}

function listenToConsoleError(transcript: Transcript): void {
  consoleError = spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    transcript.lines.push(args.map(String).join(" "));
  });
}

function expectNothingLeaked(transcript: Transcript): void {
  expect(transcript.text).not.toContain(MARKER);
  expect(transcript.text).not.toContain(SEQ_MARKER);
}

describe("a symbolic link planted in the data dir is never followed", () => {
  test("the log directory the server uses is the one planted here", async () => {
    const dataDir = newDataDir();
    const transcript = new Transcript();
    const server = await startServer(dataDir, transcript);
    try {
      server.handle.instance.logs.system("hello");
      await server.handle.instance.logs.flush();
      expect(server.handle.instance.logs.logFilePaths()).toEqual([logFilePath(join(dataDir, LOG_DIR_NAME), 0)]);
    } finally {
      await server.stop();
    }
  });

  test.each(ENTRIES)("%s, planted before the start: refused by name, nothing outside read or written", async (entry) => {
    const dataDir = newDataDir();
    const outside = plantLink(dirOf(entry, dataDir), entry);
    const transcript = new Transcript();
    listenToConsoleError(transcript);
    let server: TestServer | null = null;
    try {
      server = await startServer(dataDir, transcript);
    } catch (error) {
      transcript.lines.push(`the server did not start: ${(error as Error).message}`);
    }
    if (server) {
      try {
        await exercise(server, transcript);
      } finally {
        await server.stop();
      }
    }
    expect(transcript.text).toContain(`refusing to follow the symbolic link ${join(dirOf(entry, dataDir), entry)}: remove it`);
    expectNothingLeaked(transcript);
    expectUntouched(outside);
  }, 30_000);

  test.each(ENTRIES)("%s, planted while the server runs: nothing outside read or written", async (entry) => {
    const dataDir = newDataDir();
    const transcript = new Transcript();
    listenToConsoleError(transcript);
    const server = await startServer(dataDir, transcript);
    let outside: Outside;
    try {
      outside = plantLink(dirOf(entry, dataDir), entry);
      await exercise(server, transcript);
    } finally {
      await server.stop();
    }
    expectNothingLeaked(transcript);
    expectUntouched(outside);
  }, 30_000);
});
