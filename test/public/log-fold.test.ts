// Folding of tracebacks and labelling of known failures in the live log (public/lib/log-fold.ts), fed with the real
// tgcf 1.1.8 captures in test/fixtures/tgcf/ line by line, as the WebSocket brings them.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripAnsi } from "../../public/lib/ansi.ts";
import { FOLD_HEAD_LINES, FOLD_TAIL_LINES, LogFolder, type Placement } from "../../public/lib/log-fold.ts";
import type { LogEntry, LogStreamName } from "../../public/lib/log-types.ts";
import { lastExceptionOf } from "../../src/shared/tgcf-output/rich-records.ts";
import { activity, RichRecords } from "../fixtures/activity/rich-record.ts";

const CAPTURES = join(import.meta.dir, "../fixtures/tgcf");
const EXITS = join(CAPTURES, "exits");

function linesOf(path: string): string[] {
  const text = readFileSync(path, "utf8");
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

/** Every real traceback capture: the exits (80 and 200 columns, coloured and plain) and the shared live run. */
const TRACEBACK_CAPTURES = [
  ...readdirSync(EXITS)
    .filter((name) => name.endsWith(".stderr.txt") && linesOf(join(EXITS, name)).length > 0)
    .map((name) => join(EXITS, name)),
  join(CAPTURES, "real-run-live-stderr-plain.txt"),
];

type InstanceEntry = LogEntry & { instance?: string };

function entries(lines: readonly string[], stream: LogStreamName = "stderr", firstSeq = 1, instance?: string): InstanceEntry[] {
  return lines.map((line, index) => ({ seq: firstSeq + index, ts: "2026-12-06T10:00:00.000Z", stream, line, ...(instance ? { instance } : {}) }));
}

type FoldPlacement = Extract<Placement, { kind: "fold" }>;
const isFold = (placement: Placement): placement is FoldPlacement => placement.kind === "fold";

/** The exception as the server's exit cause reads it from the same lines. */
function expectedException(lines: readonly string[]): string {
  const exception = lastExceptionOf(lines.map(stripAnsi))!;
  return exception.message ? `${exception.type}: ${exception.message}` : exception.type;
}

describe("a traceback in the live log", () => {
  test("the real captures exist at both widths, coloured and plain", () => {
    const names = TRACEBACK_CAPTURES.map((path) => path.split("/").pop()!);
    for (const kind of ["-80-", "-200-", "color", "plain"]) expect(names.some((name) => name.includes(kind))).toBe(true);
  });

  for (const path of TRACEBACK_CAPTURES) {
    test(`${path.split("/").pop()} placed line by line folds into one entry that ends with its exception`, () => {
      const lines = linesOf(path);
      const folder = new LogFolder();
      const placements = entries(lines).map((entry) => folder.place(entry));
      const folds = placements.filter(isFold);
      expect(folds.length).toBe(lines.length);
      expect(placements.filter((placement) => isFold(placement) && placement.opens).length).toBe(1);
      const fold = folds.at(-1)!.fold;
      expect(fold.exception).toBe(expectedException(lines));
      expect(fold.cut).toBe(0);
      // Nothing of the traceback is left as a row of its own.
      const rows = placements.flatMap((placement, index) => (placement.kind === "line" ? [stripAnsi(lines[index]!).trim()] : []));
      expect(rows.filter((row) => row !== "" && row !== "Aborted.")).toEqual([]);
    });
  }

  test("a network failure's traceback carries the network cause; a bad session string's carries none", () => {
    const cause = (name: string) => {
      const folder = new LogFolder();
      return entries(linesOf(join(EXITS, name))).map((entry) => folder.place(entry)).filter(isFold).at(-1)!.fold.cause?.kind ?? null;
    };
    expect(cause("live-bot-nonet-80-color.stderr.txt")).toBe("network");
    expect(cause("live-bot-nonet-200-plain.stderr.txt")).toBe("network");
    expect(cause("live-badsession-80-plain.stderr.txt")).toBeNull();
  });

  test("lines interleaved with another stream's, however they are batched, fold the same; the other stream's stay rows", () => {
    const traceback = linesOf(join(EXITS, "live-bot-nonet-80-color.stderr.txt"));
    const records = linesOf(join(EXITS, "live-bot-nonet-80-color.stdout.txt"));
    const mixed: InstanceEntry[] = [];
    let seq = 1;
    for (let index = 0; index < Math.max(traceback.length, records.length); index++) {
      if (index < traceback.length) mixed.push({ seq: seq++, ts: "t", stream: "stderr", line: traceback[index]! });
      if (index < records.length) mixed.push({ seq: seq++, ts: "t", stream: "stdout", line: records[index]! });
    }
    const folder = new LogFolder();
    const placements = mixed.map((entry) => folder.place(entry));
    mixed.forEach((entry, index) => expect(placements[index]!.kind).toBe(entry.stream === "stderr" ? "fold" : "line"));
    expect(placements.filter((placement) => isFold(placement) && placement.opens).length).toBe(1);
    expect(placements.filter(isFold).at(-1)!.fold.lines).toBe(traceback.length);
  });

  test("a backlog replayed after a reconnect is placed once: repeated lines are duplicates, the traceback goes on", () => {
    const lines = linesOf(join(EXITS, "past-user-nonet-200-plain.stderr.txt"));
    const all = entries(lines);
    const folder = new LogFolder();
    for (const entry of all.slice(0, 40)) folder.place(entry);
    const replayed = all.map((entry) => folder.place(entry));
    expect(replayed.slice(0, 40).every((placement) => placement.kind === "duplicate")).toBe(true);
    expect(replayed.slice(40).every((placement) => isFold(placement) && !placement.opens)).toBe(true);
    const fold = replayed.filter(isFold).at(-1)!.fold;
    expect(fold.lines).toBe(lines.length);
    expect(fold.exception).toBe("ConnectionError: Connection to Telegram failed 5 time(s)");
  });

  test("two instances' tracebacks interleaved line by line fold apart, never joined", () => {
    const first = entries(linesOf(join(EXITS, "live-bot-nonet-80-color.stderr.txt")), "stderr", 1, "alpha");
    const second = entries(linesOf(join(EXITS, "live-badsession-200-color.stderr.txt")), "stderr", 1, "beta");
    const merged: InstanceEntry[] = [];
    for (let index = 0; index < Math.max(first.length, second.length); index++) merged.push(...[first[index], second[index]].filter((entry) => entry !== undefined));
    const folder = new LogFolder();
    const placements = merged.map((entry) => folder.place(entry));
    expect(placements.every(isFold)).toBe(true);
    const foldsOf = (instance: string) => new Set(placements.filter((_, index) => merged[index]!.instance === instance).map((placement) => (placement as FoldPlacement).fold));
    expect(foldsOf("alpha").size).toBe(1);
    expect(foldsOf("beta").size).toBe(1);
    const [alpha] = foldsOf("alpha");
    const [beta] = foldsOf("beta");
    expect(alpha!.id).not.toBe(beta!.id);
    expect([alpha!.lines, alpha!.exception]).toEqual([first.length, "ConnectionError: Connection to Telegram failed 5 time(s)"]);
    expect([beta!.lines, beta!.exception]).toEqual([second.length, "ValueError: Not a valid string"]);
  });

  test("a runaway traceback is capped: its head and a rolling tail stay, every line beyond is counted as cut", () => {
    const lines = ["╭──────── Traceback (most recent call last) ────────╮"];
    for (let index = 0; index < 1_000; index++) lines.push(`│ frame ${index}                                        │`);
    lines.push("╰───────────────────────────────────────────────────╯", "RecursionError: maximum recursion depth exceeded");
    const folder = new LogFolder();
    const placements = entries(lines).map((entry) => folder.place(entry)).filter(isFold);
    expect(placements.length).toBe(lines.length);
    const kept = placements.filter((placement) => placement.keep === "head").length + placements.filter((placement) => placement.keep === "tail").length - placements.filter((placement) => placement.evicts).length;
    expect(kept).toBe(FOLD_HEAD_LINES + FOLD_TAIL_LINES);
    const fold = placements.at(-1)!.fold;
    expect(fold.cut).toBe(lines.length - FOLD_HEAD_LINES - FOLD_TAIL_LINES);
    expect(fold.exception).toBe("RecursionError: maximum recursion depth exceeded");
    // The exception itself is never cut: it is the newest line of the tail.
    expect(placements.at(-1)!.keep).toBe("tail");
  });

  test("Python's plain form with a chain of exceptions is one entry showing the last exception raised", () => {
    const lines = [
      "Traceback (most recent call last):",
      '  File "/usr/lib/python3/dist-packages/telethon/network/mtprotosender.py", line 254, in _connect',
      "    raise ConnectionError('Connection to Telegram failed {} time(s)'.format(self._retries))",
      "ConnectionError: Connection to Telegram failed 5 time(s)",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      '  File "/usr/local/lib/python3.12/site-packages/tgcf/live.py", line 136, in start_sync',
      "    await client.start(bot_token=CONFIG.login.BOT_TOKEN)",
      "telethon.errors.rpcerrorlist.AuthKeyDuplicatedError: An auth key with the same ID was already generated (caused by GetUsersRequest)",
    ];
    const folder = new LogFolder();
    const placements = entries(lines).map((entry) => folder.place(entry));
    expect(placements.every(isFold)).toBe(true);
    const fold = (placements.at(-1) as FoldPlacement).fold;
    expect(fold.lines).toBe(lines.length);
    expect(fold.exception).toBe(lines.at(-1)!);
    expect(fold.cause?.kind).toBe("session-duplicated");
    expect(fold.cause?.field).toBe("/login/SESSION_STRING");
  });

  test("an exception message wrapped over lines is read whole; what tgcf prints next ends the traceback", () => {
    const lines = [
      "Traceback (most recent call last):",
      '  File "tgcf/past.py", line 82, in forward_job',
      "telethon.errors.rpcerrorlist.FloodWaitError: A wait of 30 seconds is",
      "required (caused by SendMessageRequest)",
      "Aborted.",
    ];
    const folder = new LogFolder();
    const placements = entries(lines).map((entry) => folder.place(entry));
    expect(placements.map((placement) => (isFold(placement) ? placement.exception ?? "fold" : placement.kind))).toEqual(["fold", "fold", "first", "more", "line"]);
    const fold = (placements[3] as FoldPlacement).fold;
    expect(fold.exception).toBe("telethon.errors.rpcerrorlist.FloodWaitError: A wait of 30 seconds is required (caused by SendMessageRequest)");
    expect(fold.cause).toMatchObject({ kind: "flood-wait", waitSeconds: 30 });
  });

  test("a box cut short (tgcf killed while printing it) ends at the first line that is not part of it", () => {
    const box = linesOf(join(EXITS, "live-badsession-80-plain.stderr.txt")).slice(0, 10);
    const folder = new LogFolder();
    const placements = entries([...box, "Aborted."]).map((entry) => folder.place(entry));
    expect(placements.slice(0, 10).every(isFold)).toBe(true);
    expect(placements[10]).toEqual({ kind: "line", cause: null });
    expect((placements[9] as FoldPlacement).fold.exception).toBeNull();
  });

  test("the server's own lines never fold nor carry a cause, even when they quote one", () => {
    const folder = new LogFolder();
    const placed = entries(["Traceback (most recent call last):", "tgcf exited with code 1: ConnectionError: Connection to Telegram failed"], "system").map((entry) => folder.place(entry));
    expect(placed).toEqual([
      { kind: "line", cause: null },
      { kind: "line", cause: null },
    ]);
  });

  test("after a reset (a new filter re-reads the log) the same lines fold again", () => {
    const lines = linesOf(join(EXITS, "live-badsession-80-plain.stderr.txt"));
    const folder = new LogFolder();
    for (const entry of entries(lines)) folder.place(entry);
    folder.reset();
    const again = entries(lines).map((entry) => folder.place(entry));
    expect(again.filter((placement) => isFold(placement) && placement.opens).length).toBe(1);
  });
});

describe("a known failure in a log line", () => {
  const placeStdout = (lines: readonly string[]) => {
    const folder = new LogFolder();
    return entries(lines, "stdout").map((entry) => folder.place(entry));
  };
  const causes = (placements: Placement[]) => placements.map((placement) => (placement.kind === "line" ? placement.cause?.kind ?? null : "fold"));

  for (const width of [80, 200]) {
    for (const color of [false, true]) {
      test(`a FloodWait record (${width} columns, ${color ? "coloured" : "plain"}) is labelled once, with the wait`, () => {
        const record = new RichRecords({ width, color }).render(activity.floodWait(30), new Date("2026-12-06T10:00:00Z"));
        const lines = record.replace(/\n$/, "").split("\n");
        const placements = placeStdout(lines);
        const labelled = placements.flatMap((placement) => (placement.kind === "line" && placement.cause ? [placement.cause] : []));
        expect(labelled.length).toBe(1);
        expect(labelled[0]).toMatchObject({ kind: "flood-wait", waitSeconds: 30, field: null });
        // At 80 columns rich wraps "seconds is / required": the label comes with the line that completes the words.
        expect(causes(placements).lastIndexOf("flood-wait")).toBe(width === 80 ? 1 : 0);
      });
    }
  }

  test("the real run's connection failures are labelled once per record, not on each wrapped line", () => {
    const lines = linesOf(join(EXITS, "live-bot-nonet-80-color.stdout.txt"));
    const labelled = causes(placeStdout(lines)).filter((kind) => kind !== null);
    const attempts = lines.filter((line) => stripAnsi(line).includes("Attempt")).length;
    expect(attempts).toBe(6);
    expect(labelled).toEqual(Array(attempts).fill("network"));
  });

  test("lines naming no known failure are not labelled (the real start of a run)", () => {
    expect(causes(placeStdout(linesOf(join(CAPTURES, "real-run-live-stdout-plain.txt")).slice(0, 12))).every((kind) => kind === null)).toBe(true);
  });

  test("a record that names a chat tgcf cannot write to carries the setting to fix", () => {
    const record = new RichRecords({ width: 200, color: true }).render(activity.error("ChatWriteForbiddenError: You can't write in this chat (caused by SendMessageRequest)"));
    const [placement] = placeStdout([record.trimEnd()]);
    expect(placement).toMatchObject({ kind: "line", cause: { kind: "chat-unreachable", field: "/forwards" } });
  });
});
