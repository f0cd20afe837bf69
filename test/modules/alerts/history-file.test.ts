// The alert history is kept in the server's state dir: what was sent and what failed is still there after a restart;
// a delivery the server could not finish is failed, a link is never followed, a damaged file starts afresh.
import { afterEach, expect, test } from "bun:test";
import { lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startTestServer, tempDir } from "../../helpers/server";
import { ALERT_HISTORY_FILE_NAME, AlertHistoryFile } from "../../../src/modules/alerts/history-file";
import { systemClock } from "../../../src/modules/process/clock";
import { serverStateDirPath } from "../../../src/utils/server-state-dir";
import type { HistoryEntry } from "../../../src/modules/alerts/model";
import { startReceiver } from "./receivers";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const dataDir = () => {
  const dir = tempDir();
  dirs.push(dir);
  mkdirSync(serverStateDirPath(dir), { recursive: true, mode: 0o700 });
  return dir;
};
const json = (body: unknown, method = "PUT"): RequestInit => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const ENTRY: HistoryEntry = { id: 7, at: "2026-01-01T00:00:00.000Z", event: "fatal", instance: "default", channel: "hook", title: "gave up", status: "pending", attempts: [] };

test("what was sent and what failed is read back by the next server, with every attempt", async () => {
  const root = dataDir();
  const ok = startReceiver([200]);
  const failing = startReceiver([500]);
  try {
    const first = await startTestServer({ dataDir: root });
    await first.api("/api/alerts", json({ cooldownSeconds: 60, channels: [{ id: "ok", kind: "ntfy", url: `${ok.url}/t` }, { id: "down", kind: "webhook", url: failing.url }] }));
    expect((await first.api("/api/alerts/test", json({ channel: "ok" }, "POST"))).status).toBe(200);
    expect((await first.api("/api/alerts/test", json({ channel: "down" }, "POST"))).status).toBe(200);
    const before = (await (await first.api("/api/alerts/history")).json()).entries;
    expect(before.map((entry: HistoryEntry) => [entry.channel, entry.status])).toEqual([["down", "failed"], ["ok", "sent"]]);
    await first.stop();
    expect(statSync(join(serverStateDirPath(root), ALERT_HISTORY_FILE_NAME)).mode & 0o777).toBe(0o600);

    const second = await startTestServer({ dataDir: root });
    const after = (await (await second.api("/api/alerts/history")).json()).entries;
    expect(after).toEqual(before);
    // New entries go on from the kept ids, newest first.
    await second.api("/api/alerts/test", json({ channel: "ok" }, "POST"));
    const next = (await (await second.api("/api/alerts/history")).json()).entries;
    expect(next[0].id).toBeGreaterThan(Math.max(...before.map((entry: HistoryEntry) => entry.id)));
    await second.stop();
  } finally {
    ok.stop();
    failing.stop();
  }
});

test("a delivery still pending when the server stopped reads back as failed: nothing will retry it", () => {
  const dir = dataDir();
  writeFileSync(join(serverStateDirPath(dir), ALERT_HISTORY_FILE_NAME), JSON.stringify([ENTRY, { ...ENTRY, id: 6, status: "sent" }]));
  const entries = AlertHistoryFile.inDataDir(dir, systemClock).load();
  expect(entries.map((entry) => [entry.id, entry.status])).toEqual([[7, "failed"], [6, "sent"]]);
});

test("a link in its place is not followed (the history starts afresh) and is replaced by the next write; a damaged file is reported", () => {
  const dir = dataDir();
  const outside = join(dataDir(), "elsewhere.json");
  writeFileSync(outside, JSON.stringify([ENTRY]));
  const path = join(serverStateDirPath(dir), ALERT_HISTORY_FILE_NAME);
  symlinkSync(outside, path);
  const reports: string[] = [];
  const file = AlertHistoryFile.inDataDir(dir, systemClock, (line) => reports.push(line));
  expect(file.load()).toEqual([]);
  expect(reports.join()).toContain("cannot be read");
  file.changed(() => [{ ...ENTRY, status: "sent" }]);
  file.flush([{ ...ENTRY, status: "sent" }]);
  expect(lstatSync(path).isSymbolicLink()).toBe(false);
  expect(JSON.parse(readFileSync(outside, "utf8"))[0].status).toBe("pending");

  writeFileSync(path, "[{ half");
  reports.length = 0;
  expect(file.load()).toEqual([]);
  expect(reports).toHaveLength(1);
});
