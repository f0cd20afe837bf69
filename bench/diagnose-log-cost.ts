// Diagnosis for the fan-out numbers: CPU per line of the server's own log pipeline, in this process, when lines
// arrive N per event-loop turn (a pipe read returns what the child wrote since the last one: 1 line when the
// server keeps up, many when it lags). Compares the line splitter alone, with the log file, and the whole LogHub.
//   bun bench/diagnose-log-cost.ts
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogHub } from "../src/modules/logs/log-hub";
import { RotatingLogFile } from "../src/modules/logs/log-file";
import { LineSplitter } from "../src/modules/logs/line-splitter";
import type { LogLine } from "../src/modules/logs/log-line";
import { RecentLines } from "../src/modules/process/output";
import { printJson, table } from "./support/stats";

const LINES = 100_000;
const LINE_BYTES = 100;
const LINES_PER_TURN = [1, 10, 100];
const encoder = new TextEncoder();

type Pipeline = "splitter + JSON message" | "splitter + JSON + log file" | "LogHub (ring, file, seq) + JSON" | "RecentLines (process/output.ts) alone";
const PIPELINES: Pipeline[] = ["splitter + JSON message", "splitter + JSON + log file", "LogHub (ring, file, seq) + JSON", "RecentLines (process/output.ts) alone"];

/** write(2)-family calls this process (all its threads) has made: syscw in /proc/self/io. */
function writeCalls(): number {
  return Number(/syscw:\s*(\d+)/.exec(readFileSync("/proc/self/io", "utf8"))?.[1]);
}

function chunkOf(first: number, count: number): Uint8Array {
  let text = "";
  for (let index = first; index < first + count; index++) text += `flood ${index} `.padEnd(LINE_BYTES - 1, ".") + "\n";
  return encoder.encode(text);
}

/** CPU µs per line to push LINES lines through `pipeline`, `perTurn` lines per event-loop turn, until on disk; and write(2) calls per 1,000 lines. */
async function measure(pipeline: Pipeline, perTurn: number): Promise<{ microsPerLine: number; writesPerThousand: number }> {
  const dir = mkdtempSync(join(tmpdir(), "bench-log-cost-"));
  let sent = 0;
  const toMessage = (line: LogLine) => (sent += JSON.stringify({ type: "log", ...line }).length);
  let write: (chunk: Uint8Array) => void;
  let flush: () => Promise<void>;
  if (pipeline === "RecentLines (process/output.ts) alone") {
    const recent = new RecentLines();
    write = (chunk) => recent.push("stdout", chunk);
    flush = async () => {
      recent.end("stdout");
      sent = recent.snapshot().length;
    };
  } else if (pipeline === "LogHub (ring, file, seq) + JSON") {
    const hub = await LogHub.open({ logDir: dir });
    hub.subscribe(toMessage);
    const sink = hub.createStreamSink("stdout");
    write = (chunk) => sink.write(chunk);
    flush = () => hub.close();
  } else {
    const file = pipeline === "splitter + JSON + log file" ? new RotatingLogFile({ dir }) : null;
    const ts = new Date().toISOString();
    let seq = 0;
    const splitter = new LineSplitter((text) => {
      const line: LogLine = { seq: ++seq, ts, stream: "stdout", line: text };
      toMessage(line);
      file?.write(line);
    });
    write = (chunk) => splitter.push(chunk);
    flush = async () => (splitter.flush(), await file?.close());
  }
  const chunks = Array.from({ length: LINES / perTurn }, (_, index) => chunkOf(index * perTurn + 1, perTurn));
  const writesBefore = writeCalls();
  const before = process.cpuUsage();
  for (const chunk of chunks) {
    write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await flush();
  const cpu = process.cpuUsage(before);
  const writes = writeCalls() - writesBefore;
  rmSync(dir, { recursive: true, force: true });
  if (sent === 0) throw new Error("nothing went through");
  return { microsPerLine: (cpu.user + cpu.system) / LINES, writesPerThousand: (writes * 1000) / LINES };
}

const results: Array<{ pipeline: Pipeline; perTurn: number; microsPerLine: number; writesPerThousand: number }> = [];
for (const pipeline of PIPELINES) {
  for (const perTurn of LINES_PER_TURN) results.push({ pipeline, perTurn, ...(await measure(pipeline, perTurn)) });
}
console.log(`\n### CPU µs per line of the log pipeline, and write(2) calls per 1,000 lines (${LINES.toLocaleString("en-US")} lines of ${LINE_BYTES} bytes, one process)\n`);
console.log(
  table(
    ["pipeline", ...LINES_PER_TURN.map((perTurn) => `${perTurn} line(s) per turn`)],
    PIPELINES.map((pipeline) => [pipeline, ...LINES_PER_TURN.map((perTurn) => cell(pipeline, perTurn))]),
  ),
);
function cell(pipeline: Pipeline, perTurn: number): string {
  const result = results.find((entry) => entry.pipeline === pipeline && entry.perTurn === perTurn)!;
  return `${result.microsPerLine.toFixed(2)} µs · ${result.writesPerThousand.toFixed(0)} writes`;
}
printJson("diagnose-log-cost", results);
