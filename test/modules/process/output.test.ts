import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { drainStream, RECENT_LINES_KEPT, RecentLines, type StreamSink } from "../../../src/modules/process/output";

const encode = (text: string) => new TextEncoder().encode(text);
const colourFixture = readFileSync(join(import.meta.dir, "..", "..", "fixtures", "tgcf", "real-run-live-stdout-color.txt"));

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe("RecentLines", () => {
  test(`keeps only the last ${RECENT_LINES_KEPT} non-blank lines`, () => {
    const recent = new RecentLines();
    recent.push("stdout", encode(Array.from({ length: 30 }, (_, index) => `line ${index}\n\n`).join("")));
    expect(recent.snapshot()).toEqual(Array.from({ length: 20 }, (_, index) => `line ${index + 10}`));
  });

  test("joins a line split across chunks, even inside a UTF-8 character", () => {
    const recent = new RecentLines();
    const bytes = encode("café au lait\n");
    recent.push("stdout", bytes.slice(0, 4));
    recent.push("stdout", bytes.slice(4));
    expect(recent.snapshot()).toEqual(["café au lait"]);
  });

  test("keeps stdout and stderr partial lines apart, interleaving whole lines in arrival order", () => {
    const recent = new RecentLines();
    recent.push("stdout", encode("out one"));
    recent.push("stderr", encode("err one\n"));
    recent.push("stdout", encode(" continued\n"));
    expect(recent.snapshot()).toEqual(["err one", "out one continued"]);
  });

  test("strips rich's colours and OSC 8 links and its trailing padding", () => {
    const recent = new RecentLines();
    recent.push("stdout", colourFixture);
    recent.end("stdout");
    const last = recent.snapshot().at(-1)!;
    expect(last).not.toContain("\x1b");
    expect(last).toMatch(/WARNING  Connection error 4 during auth_key gen: ConnectionError: Not connected +mtprotosender\.py:241$/);
  });

  test("end() keeps a last line without a newline", () => {
    const recent = new RecentLines();
    recent.push("stderr", encode("Aborted."));
    recent.end("stderr");
    expect(recent.snapshot()).toEqual(["Aborted."]);
  });

  test("a line that never ends is cut rather than kept whole", () => {
    const recent = new RecentLines();
    for (let chunk = 0; chunk < 100; chunk++) recent.push("stdout", encode("x".repeat(10_000)));
    recent.end("stdout");
    expect(recent.snapshot()[0]!.length).toBeLessThanOrEqual(500);
  });
});

describe("drainStream", () => {
  test("hands every chunk to the sink, then ends it", async () => {
    const received: string[] = [];
    let ended = false;
    const sink: StreamSink = { write: (chunk) => void received.push(new TextDecoder().decode(chunk)), end: () => void (ended = true) };
    await drainStream(streamOf([encode("a\n"), encode("b\n")]), "stdout", sink, new RecentLines());
    expect(received).toEqual(["a\n", "b\n"]);
    expect(ended).toBe(true);
  });

  test("keeps reading to the end after the sink throws", async () => {
    const recent = new RecentLines();
    const sink: StreamSink = {
      write: () => {
        throw new Error("disk full");
      },
      end: () => undefined,
    };
    const originalError = console.error;
    console.error = () => undefined;
    try {
      await drainStream(streamOf([encode("first\n"), encode("second\n")]), "stdout", sink, recent);
    } finally {
      console.error = originalError;
    }
    expect(recent.snapshot()).toEqual(["first", "second"]);
  });
});

test("a flood chunk keeps its last lines, whatever came before", () => {
  const recent = new RecentLines();
  recent.push("stdout", encode("early partial é"));
  const flood = Array.from({ length: 5_000 }, (_, index) => `flood ${index}\n`).join("");
  recent.push("stdout", encode(flood + "\n\n\x1b[2m   \x1b[0m\ntail"));
  recent.end("stdout");
  expect(recent.snapshot()).toEqual([...Array.from({ length: 19 }, (_, index) => `flood ${4_981 + index}`), "tail"]);
});
