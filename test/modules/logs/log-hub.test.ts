import { afterEach, describe, expect, spyOn, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError } from "../../../src/utils/api-error";
import { MAX_LINE_BYTES } from "../../../src/modules/logs/line-splitter";
import { LogHub, TRUNCATION_MARKER, type LogLine } from "../../../src/modules/logs/log-hub";
import { readPipe } from "../../helpers/read-pipe";

const FIXTURES = join(import.meta.dir, "../../fixtures/tgcf");
const encoder = new TextEncoder();

const dirs: string[] = [];
const hubs: LogHub[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tgcf-loghub-"));
  dirs.push(dir);
  return dir;
}
async function openHub(options: Partial<Parameters<typeof LogHub.open>[0]> = {}): Promise<LogHub> {
  const hub = await LogHub.open({ logDir: options.logDir ?? tempDir(), ...options });
  hubs.push(hub);
  return hub;
}
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close().catch(() => {});
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const seqsOf = (lines: LogLine[]) => lines.map((line) => line.seq);
const textsOf = (lines: LogLine[]) => lines.map((line) => line.line);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("LogHub: appending", () => {
  test("numbers lines from 1 with an ISO millisecond timestamp and keeps them in memory and on disk", async () => {
    const hub = await openHub();
    const first = hub.append("stdout", "hello");
    hub.system("tgcf started");
    expect(first.seq).toBe(1);
    expect(first.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(hub.lastSeq).toBe(2);
    expect(hub.tail(10).map((line) => [line.stream, line.line])).toEqual([["stdout", "hello"], ["system", "tgcf started"]]);
    await hub.flush();
    const [current] = hub.logFilePaths();
    expect(readFileSync(current!, "utf8")).toBe(`${first.ts} 1 stdout hello\n${hub.tail(1)[0]!.ts} 2 system tgcf started\n`);
  });

  test("a multi-line system message becomes one line, the same in memory and after a restart", async () => {
    const logDir = tempDir();
    const hub = await openHub({ logDir });
    const stored = hub.system("tgcf exited\nwith code 1");
    expect(stored.line).toBe("tgcf exited␤with code 1");
    await hub.close();
    expect((await openHub({ logDir })).tail(1)).toEqual([stored]);
  });

  test("an appended line longer than MAX_LINE_BYTES is cut and marked", async () => {
    const hub = await openHub();
    const stored = hub.system("é".repeat(MAX_LINE_BYTES));
    expect(encoder.encode(stored.line).length).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(stored.line.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  test("subscribers get every line in order, synchronously, until they unsubscribe", async () => {
    const hub = await openHub();
    const received: LogLine[] = [];
    const unsubscribe = hub.subscribe((line) => received.push(line));
    const stdout = hub.createStreamSink("stdout");
    stdout.write(encoder.encode("one\ntw"));
    expect(textsOf(received)).toEqual(["one"]);
    stdout.write(encoder.encode("o\nthree\n"));
    hub.system("four");
    expect(textsOf(received)).toEqual(["one", "two", "three", "four"]);
    expect(seqsOf(received)).toEqual([1, 2, 3, 4]);
    unsubscribe();
    hub.system("five");
    expect(received.length).toBe(4);
  });

  test("a failing subscriber is reported and the others still get the line", async () => {
    const hub = await openHub();
    const errors = spyOn(console, "error").mockImplementation(() => {});
    try {
      hub.subscribe(() => {
        throw new Error("boom");
      });
      const received: string[] = [];
      hub.subscribe((line) => received.push(line.line));
      hub.system("still delivered");
      expect(received).toEqual(["still delivered"]);
      expect(errors).toHaveBeenCalledTimes(1);
    } finally {
      errors.mockRestore();
    }
  });
});

describe("LogHub: stream sinks", () => {
  test("a real child's stdout and stderr become lines of their streams; end emits the partial line", async () => {
    const hub = await openHub();
    const child = Bun.spawn(["sh", "-c", 'cat "$1"; printf "Aborted." >&2', "sh", join(FIXTURES, "real-run-live-stdout-plain.txt")], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const pump = async (stream: ReadableStream<Uint8Array>, name: "stdout" | "stderr") => {
      const sink = hub.createStreamSink(name);
      await readPipe(stream, (chunk) => sink.write(chunk));
      sink.end();
    };
    await Promise.all([pump(child.stdout, "stdout"), pump(child.stderr, "stderr"), child.exited]);
    const expected = readFileSync(join(FIXTURES, "real-run-live-stdout-plain.txt"), "utf8").split("\n").slice(0, -1);
    const lines = hub.tail(10_000);
    expect(textsOf(lines.filter((line) => line.stream === "stdout"))).toEqual(expected.map((line) => line.trimEnd()));
    expect(textsOf(lines.filter((line) => line.stream === "stderr"))).toEqual(["Aborted."]);
    expect(seqsOf(lines)).toEqual(range(1, lines.length));
  });

  test("close emits the partial lines of open sinks; writing after end throws", async () => {
    const hub = await openHub();
    const sink = hub.createStreamSink("stderr");
    sink.write(encoder.encode("Traceback (most recent"));
    await hub.close();
    expect(textsOf(hub.tail(5))).toEqual(["Traceback (most recent"]);
    expect(() => sink.write(encoder.encode("x"))).toThrow(/after its end/);
    expect(() => hub.system("late")).toThrow(/closed/);
  });
});

describe("LogHub: since and gaps", () => {
  test("since returns the lines after a seq, with no gap while they are in memory", async () => {
    const hub = await openHub({ ringSize: 5 });
    for (let i = 1; i <= 4; i++) hub.system(`line ${i}`);
    expect(hub.since(0)).toEqual({ lines: hub.tail(4), gap: null });
    expect(seqsOf(hub.since(2).lines)).toEqual([3, 4]);
    expect(hub.since(4)).toEqual({ lines: [], gap: null });
  });

  test("since reports the lines that fell out of the ring as a gap before the oldest kept", async () => {
    const hub = await openHub({ ringSize: 5 });
    for (let i = 1; i <= 12; i++) hub.system(`line ${i}`);
    expect(seqsOf(hub.tail(100))).toEqual(range(8, 12));
    const { lines, gap } = hub.since(3);
    expect(gap).toEqual({ from: 4, to: 7 });
    expect(seqsOf(lines)).toEqual(range(8, 12));
    expect(hub.since(6).gap).toEqual({ from: 7, to: 7 });
    expect(hub.since(7).gap).toBeNull();
  });
});

describe("LogHub.open: restoring after a restart", () => {
  test("continues seq and restores the ring from the log files, across rotation", async () => {
    const logDir = tempDir();
    const options = { logDir, ringSize: 20, maxFileBytes: 500 };
    const before = await openHub(options);
    for (let i = 1; i <= 50; i++) before.append(i % 2 ? "stdout" : "stderr", `\x1b[2mline\x1b[0m ${i}`);
    const shownBeforeRestart = before.tail(20);
    await before.close();

    const after = await openHub(options);
    expect(after.lastSeq).toBe(50);
    expect(after.tail(20)).toEqual(shownBeforeRestart);
    // A browser that saw up to 45 resumes with no gap and no duplicate.
    expect(seqsOf(after.since(45).lines)).toEqual([46, 47, 48, 49, 50]);
    expect(after.since(10).gap).toEqual({ from: 11, to: 30 });
    expect(after.system("server restarted").seq).toBe(51);
  });

  test("starts at seq 1 with an empty ring when there are no log files", async () => {
    const hub = await openHub();
    expect(hub.lastSeq).toBe(0);
    expect(hub.since(0)).toEqual({ lines: [], gap: null });
    expect(hub.system("first").seq).toBe(1);
  });
});

describe("LogHub.search", () => {
  async function hubWithRealOutput(): Promise<LogHub> {
    const hub = await openHub();
    const stdout = hub.createStreamSink("stdout");
    stdout.write(readFileSync(join(FIXTURES, "real-run-live-stdout-color.txt")));
    stdout.end();
    const stderr = hub.createStreamSink("stderr");
    stderr.write(readFileSync(join(FIXTURES, "real-run-live-stderr-color.txt")));
    stderr.end();
    hub.system("tgcf exited with code 1");
    return hub;
  }

  test("finds text case-insensitively in the visible text, across colour codes, keeping the codes", async () => {
    const hub = await hubWithRealOutput();
    const found = hub.search({ query: "connection ERROR 3 during" });
    expect(found.length).toBe(1);
    expect(found[0]?.line).toContain("\x1b[1;36m3\x1b[0m");
    expect(hub.search({ query: "connection error 3", caseSensitive: true })).toEqual([]);
  });

  test("a query does not match the hidden text of escape sequences", async () => {
    const hub = await hubWithRealOutput();
    expect(hub.search({ query: "id=753314" })).toEqual([]);
    expect(hub.search({ query: "2;36m" })).toEqual([]);
  });

  test("text search, stream filter and limit (newest matches, oldest first)", async () => {
    const hub = await hubWithRealOutput();
    const errors = hub.search({ query: "connection error" });
    expect(errors.length).toBeGreaterThan(2);
    const newestTwo = hub.search({ query: "connection error", limit: 2 });
    expect(newestTwo).toEqual(errors.slice(-2));
    expect(textsOf(hub.search({ query: "abort", streams: ["stderr"] }))).toEqual(["\x1b[31mAborted.\x1b[0m"]);
    expect(hub.search({ query: "abort", streams: ["stdout", "system"] })).toEqual([]);
    expect(textsOf(hub.search({ query: "", streams: ["system"] }))).toEqual(["tgcf exited with code 1"]);
  });

  test("a query over the length limit is an ApiError 400", async () => {
    const hub = await hubWithRealOutput();
    let thrown: unknown;
    try {
      hub.search({ query: "x".repeat(1_001) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).status).toBe(400);
  });
});
