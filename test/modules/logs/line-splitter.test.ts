import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stripAnsi } from "../../../src/modules/logs/ansi";
import {
  CONTINUATION_MARKER,
  LineSplitter,
  MAX_LINE_BYTES,
  PARTIAL_LINE_IDLE_MS,
  type SplitterTimers,
} from "../../../src/modules/logs/line-splitter";
import { readPipe } from "../../helpers/read-pipe";

const FIXTURES = join(import.meta.dir, "../../fixtures/tgcf");
const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** A clock that only moves when the test says so. */
class FakeTimers implements SplitterTimers {
  private now = 0;
  private pending = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.pending]) {
      if (timer.at > this.now) continue;
      this.pending.delete(id);
      timer.callback();
    }
  }
}

function splitter(options: ConstructorParameters<typeof LineSplitter>[1] = {}) {
  const lines: string[] = [];
  const timers = new FakeTimers();
  const lineSplitter = new LineSplitter((line) => lines.push(line), { timers, ...options });
  return { lines, timers, splitter: lineSplitter };
}

/** Deterministic chunk sizes between 1 and `max`. */
function* chunkSizes(seed: number, max: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield 1 + (state % max);
  }
}

function feedInChunks(target: LineSplitter, data: Uint8Array, seed: number, max: number): void {
  const sizes = chunkSizes(seed, max);
  for (let at = 0; at < data.length; ) {
    const size = sizes.next().value as number;
    target.push(data.subarray(at, at + size));
    at += size;
  }
}

describe("LineSplitter: lines and bytes", () => {
  test("joins a line split across chunks and splits several lines in one chunk", () => {
    const { lines, splitter: s } = splitter();
    s.push(bytes("first li"));
    s.push(bytes("ne\nsecond\nthird\nfou"));
    s.push(bytes("rth\n"));
    expect(lines).toEqual(["first line", "second", "third", "fourth"]);
  });

  test("decodes a multi-byte character split across chunks, one byte per chunk", () => {
    const { lines, splitter: s } = splitter();
    for (const byte of bytes("é😀 ok\n")) s.push(new Uint8Array([byte]));
    expect(lines).toEqual(["é😀 ok"]);
  });

  test("replaces invalid UTF-8 with U+FFFD instead of throwing", () => {
    const { lines, splitter: s } = splitter();
    s.push(new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x28, 0x0a]));
    s.push(new Uint8Array([0x63, 0xe2, 0x82]));
    s.flush();
    expect(lines).toEqual(["a\ufffdb\ufffd(", "c\ufffd"]);
  });

  test("drops the \\r of CRLF, also when \\r and \\n arrive in different chunks", () => {
    const { lines, splitter: s } = splitter();
    s.push(bytes("one\r\ntwo\r"));
    s.push(bytes("\nthree\r\n"));
    expect(lines).toEqual(["one", "two", "three"]);
  });

  test("trims trailing spaces and tabs, including rich's padding inside a trailing SGR span", () => {
    const { lines, splitter: s } = splitter();
    s.push(bytes("a  b   \t \nx\x1b[2m      \x1b[0m\n   \n"));
    expect(lines).toEqual(["a  b", "x\x1b[2m\x1b[0m", ""]);
  });

  test("flush emits the last line that has no newline", () => {
    const { lines, splitter: s } = splitter();
    s.push(bytes("done\nAborted."));
    s.flush();
    expect(lines).toEqual(["done", "Aborted."]);
  });
});

describe("LineSplitter: partial lines", () => {
  test("emits a partial line after PARTIAL_LINE_IDLE_MS of silence, and no empty line when its newline follows", () => {
    const { lines, timers, splitter: s } = splitter();
    s.push(bytes("Enter the code: "));
    timers.advance(PARTIAL_LINE_IDLE_MS - 1);
    expect(lines).toEqual([]);
    timers.advance(1);
    expect(lines).toEqual(["Enter the code:"]);
    s.push(bytes("\r"));
    timers.advance(PARTIAL_LINE_IDLE_MS);
    s.push(bytes("\nnext\n"));
    expect(lines).toEqual(["Enter the code:", "next"]);
  });

  test("new data restarts the idle delay", () => {
    const { lines, timers, splitter: s } = splitter();
    s.push(bytes("ab"));
    timers.advance(PARTIAL_LINE_IDLE_MS * 0.6);
    s.push(bytes("c"));
    timers.advance(PARTIAL_LINE_IDLE_MS * 0.6);
    expect(lines).toEqual([]);
    timers.advance(PARTIAL_LINE_IDLE_MS * 0.4);
    expect(lines).toEqual(["abc"]);
  });

  test("text arriving after an idle emission starts a new line", () => {
    const { lines, timers, splitter: s } = splitter();
    s.push(bytes("Downloading"));
    timers.advance(PARTIAL_LINE_IDLE_MS);
    s.push(bytes(" done\n"));
    expect(lines).toEqual(["Downloading", " done"]);
  });

  test("uses real timers by default", async () => {
    const lines: string[] = [];
    const s = new LineSplitter((line) => lines.push(line));
    s.push(bytes("prompt> "));
    const deadline = Date.now() + 5_000;
    while (lines.length === 0 && Date.now() < deadline) await Bun.sleep(10);
    expect(lines).toEqual(["prompt>"]);
  });
});

describe("LineSplitter: long lines", () => {
  const colourfulUnit = "\x1b[1;31mred 😀 é\x1b[0m \x1b]8;id=42;file:///usr/lib/x.py\x1b\\x.py\x1b]8;;\x1b\\ ";
  const escapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

  function expectCleanPieces(pieces: string[], original: string): void {
    expect(pieces.length).toBeGreaterThan(1);
    for (const [index, piece] of pieces.entries()) {
      expect(encoder.encode(piece).length).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(piece.isWellFormed()).toBe(true);
      expect(piece).not.toContain("\ufffd");
      // No escape sequence was cut: once the whole ones are removed no ESC remains.
      expect(stripAnsi(piece)).not.toContain("\x1b");
      expect(piece.endsWith(CONTINUATION_MARKER)).toBe(index < pieces.length - 1);
    }
    const joined = pieces.map((piece, index) => (index < pieces.length - 1 ? piece.slice(0, -CONTINUATION_MARKER.length) : piece)).join("");
    expect(joined).toBe(original);
    expect(pieces.join("").match(escapes)?.length).toBe(original.match(escapes)?.length);
  }

  test("cuts a line over MAX_LINE_BYTES full of colour codes, hyperlinks and emoji without breaking any", () => {
    const original = colourfulUnit.repeat(Math.ceil((3.5 * MAX_LINE_BYTES) / colourfulUnit.length)) + "end";
    const { lines, splitter: s } = splitter();
    feedInChunks(s, bytes(`${original}\n`), 7, 4096);
    expectCleanPieces(lines, original);
  });

  test("cuts a pure emoji line on character boundaries", () => {
    const original = "😀é".repeat(MAX_LINE_BYTES / 2);
    const { lines, splitter: s } = splitter();
    s.push(bytes(`${original}\n`));
    expectCleanPieces(lines, original);
  });

  test("emits pieces of an endless line before its newline arrives, keeping memory bounded", () => {
    const { lines, splitter: s } = splitter();
    const block = bytes(colourfulUnit.repeat(100));
    for (let i = 0; i < 40; i++) s.push(block);
    expect(lines.length).toBeGreaterThan(1);
    s.push(bytes("end\n"));
    expectCleanPieces(lines, `${colourfulUnit.repeat(4000)}end`);
  });

  test("cuts an escape sequence too long for any piece rather than holding it forever", () => {
    const hugeLink = `\x1b]8;;file:///${"x".repeat(MAX_LINE_BYTES * 2)}\x1b\\`;
    const { lines, splitter: s } = splitter();
    s.push(bytes(`start ${hugeLink}end\n`));
    expect(lines.length).toBeGreaterThan(2);
    for (const piece of lines) expect(encoder.encode(piece).length).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(lines[0]).toBe(`start ${CONTINUATION_MARKER}`);
  });
});

describe("LineSplitter: real tgcf output", () => {
  for (const name of ["real-run-live-stdout-color.txt", "real-run-live-stdout-plain.txt", "real-run-live-stderr-plain.txt"]) {
    test(`${name} fed in random chunks gives the file's lines, trailing blanks trimmed, codes kept`, () => {
      const raw = readFileSync(join(FIXTURES, name));
      const expected = raw.toString("utf8").split("\n").slice(0, -1);
      for (const [seed, max] of [[1, 1], [2, 7], [3, 300], [4, 65_536]] as const) {
        const { lines, splitter: s } = splitter();
        feedInChunks(s, raw, seed, max);
        s.flush();
        expect(lines.length).toBe(expected.length);
        for (const [index, line] of lines.entries()) {
          const original = expected[index]!;
          expect(stripAnsi(line)).toBe(stripAnsi(original).replace(/[ \t]+$/, ""));
          expect(line.match(/\x1b[^\x1b]{0,3}/g)).toEqual(original.match(/\x1b[^\x1b]{0,3}/g));
        }
      }
    });
  }

  test("the lines of a real child's pipe arrive intact", async () => {
    const path = join(FIXTURES, "real-run-live-stdout-color.txt");
    const lines: string[] = [];
    const s = new LineSplitter((line) => lines.push(line));
    const child = Bun.spawn(["cat", path], { stdout: "pipe" });
    await readPipe(child.stdout, (chunk) => s.push(chunk));
    s.flush();
    expect(await child.exited).toBe(0);
    const expected = readFileSync(path, "utf8").split("\n").slice(0, -1);
    expect(lines.map(stripAnsi)).toEqual(expected.map((line) => stripAnsi(line).replace(/[ \t]+$/, "")));
  });
});
