// Diagnosis for bench/activity-cost.ts: CPU per line of the activity recorder's log subscriber (in this process),
// for the lines tgcf prints: activity records, other records (coloured and plain, 200 and 80 columns), and 100-byte
// lines that are no record at all; and the cost of one flush of a minute's counts to SQLite.
//   bun bench/activity-line-cost.ts
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ActivityRecorder } from "../src/modules/activity/recorder";
import type { LogLine } from "../src/modules/logs/log-line";
import type { SupervisorStatus } from "../src/modules/process/state";
import { activity, RichRecords, type Record } from "../test/fixtures/activity/rich-record";
import { printJson, table } from "./support/stats";

const LINES = 200_000;
const ROUNDS = 3;
const CHATS = 10;
const RUNNING: SupervisorStatus = { isRunning: true, pid: 2, startTime: new Date().toISOString(), mode: "live", uptimeSeconds: 0, state: "running", restarts: 0, nextStartAt: null, lastExit: null };

function renderedLines(make: (index: number) => Record, layout: { width: number; color: boolean }): string[] {
  const records = new RichRecords(layout);
  const lines: string[] = [];
  for (let index = 0; lines.length < LINES; index++) lines.push(...records.render(make(index), new Date(Date.now() + index * 1000)).split("\n").slice(0, -1));
  return lines.slice(0, LINES);
}

const OTHER_RECORD = (): Record => ({ level: "INFO", message: "Connection to 149.154.167.51:443/TcpFull complete!", source: "telethon/network/mtprotosender.py", line: 255 });
const CASES: Array<[string, () => string[]]> = [
  ["received, colour, 200 columns", () => renderedLines((index) => activity.received(-1001000000000 - (index % CHATS)), { width: 200, color: true })],
  ["received, plain, 200 columns", () => renderedLines((index) => activity.received(-1001000000000 - (index % CHATS)), { width: 200, color: false })],
  ["FloodWait, colour, 80 columns (wrapped)", () => renderedLines(() => activity.floodWait(30), { width: 80, color: true })],
  ["other record, colour, 200 columns", () => renderedLines(OTHER_RECORD, { width: 200, color: true })],
  ["no record (100-byte flood line)", () => Array.from({ length: LINES }, (_, index) => `flood ${index} `.padEnd(99, "."))],
];

/** CPU µs per line through the recorder's subscriber, lines handed over 100 per event-loop turn. */
async function measure(lines: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "bench-activity-line-"));
  const recorder = ActivityRecorder.open({ dataDir: dir, report: () => {} });
  recorder.onStatus(RUNNING);
  const logLines: LogLine[] = lines.map((line, index) => ({ seq: index + 1, ts: "", stream: "stdout", line }));
  const before = process.cpuUsage();
  for (let index = 0; index < logLines.length; index++) {
    recorder.onLine(logLines[index]!);
    if (index % 100 === 99) await Promise.resolve();
  }
  await Promise.resolve();
  const used = process.cpuUsage(before);
  recorder.close();
  rmSync(dir, { recursive: true, force: true });
  return (used.user + used.system) / lines.length;
}

/** ms for one flush of `chats` chats' counts (one minute slot each), as the recorder does every 5 s. */
function flushCost(chats: number): number {
  const dir = mkdtempSync(join(tmpdir(), "bench-activity-flush-"));
  const recorder = ActivityRecorder.open({ dataDir: dir, report: () => {} });
  recorder.onStatus(RUNNING);
  const records = new RichRecords({ width: 200, color: true });
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (let chat = 0; chat < chats; chat++) {
      for (const line of records.render(activity.received(-1001000000000 - chat), new Date()).split("\n").slice(0, -1)) recorder.onLine({ seq: 0, ts: "", stream: "stdout", line });
    }
    recorder.flush(); // a microtask has not run: the last record is finished by the flush's caller in real use
    const startedAt = performance.now();
    for (let chat = 0; chat < chats; chat++) recorder.onLine({ seq: 0, ts: "", stream: "stdout", line: records.render(activity.received(-1001000000000 - chat), new Date()).split("\n")[0]! });
    recorder.flush();
    times.push(performance.now() - startedAt);
  }
  recorder.close();
  rmSync(dir, { recursive: true, force: true });
  return times.sort((a, b) => a - b)[times.length >> 1]!;
}

const rows: string[][] = [];
const results: Array<{ name: string; microsPerLine: number[] }> = [];
for (const [name, make] of CASES) {
  const lines = make();
  const micros: number[] = [];
  for (let round = 0; round < ROUNDS; round++) micros.push(await measure(lines));
  results.push({ name, microsPerLine: micros });
  rows.push([name, micros.map((value) => value.toFixed(2)).join(", ")]);
}
console.log(`\n### Activity recorder: CPU µs per line (${LINES.toLocaleString("en-US")} lines, ${ROUNDS} rounds)\n`);
console.log(table(["lines", "µs per line, each round"], rows));
const flushes = [10, 100].map((chats) => ({ chats, medianMs: flushCost(chats) }));
console.log(`\n${flushes.map(({ chats, medianMs }) => `- one flush of ${chats} chats' counts: ${medianMs.toFixed(2)} ms (median of 20)`).join("\n")}`);
printJson("activity-line-cost", { results, flushes });
