import { afterAll, expect, spyOn, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogHub } from "../../../src/modules/logs/log-hub";
import { RESERVATION_FILE_NAME, SEQ_RESERVATION_BLOCK, SeqReservation } from "../../../src/modules/logs/seq-reservation";
import { temporaryNameOf } from "../../../src/utils/atomic-write";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "seq-reservation-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test("a hub reopened after a crash never reuses a seq it may have handed out", async () => {
  const logDir = tempDir();
  const crashed = await LogHub.open({ logDir });
  for (let i = 0; i < 10; i++) crashed.append("stdout", `line ${i}`);
  const handedOut = crashed.lastSeq;
  // No close(): the batch queued for the file may never have been written.
  const reopened = await LogHub.open({ logDir });
  const next = reopened.append("stdout", "after restart");
  expect(next.seq).toBeGreaterThan(handedOut);
  expect(next.seq).toBeLessThanOrEqual(handedOut + SEQ_RESERVATION_BLOCK + 1);
  await reopened.close();
  await crashed.close().catch(() => {});
});

test("after a clean close the seq continues without a jump", async () => {
  const logDir = tempDir();
  const first = await LogHub.open({ logDir });
  for (let i = 0; i < 5; i++) first.append("stdout", `line ${i}`);
  await first.close();
  const second = await LogHub.open({ logDir });
  expect(second.append("stdout", "next").seq).toBe(6);
  await second.close();
});

test("a symbolic link in place of the reservation file stops the opening, naming it", () => {
  const logDir = tempDir();
  const outside = join(tempDir(), "elsewhere");
  writeFileSync(outside, "4242");
  const link = join(logDir, RESERVATION_FILE_NAME);
  symlinkSync(outside, link);
  expect(() => new SeqReservation(logDir)).toThrow(`refusing to follow the symbolic link ${link}: remove it`);
  expect(readFileSync(outside, "utf8")).toBe("4242");
});

test("opening removes the temporary files of reservations cut short by a killed server", () => {
  const logDir = tempDir();
  writeFileSync(join(logDir, temporaryNameOf(RESERVATION_FILE_NAME)), "100000"); // our pid, no write in flight: an earlier process's
  new SeqReservation(logDir);
  expect(readdirSync(logDir)).toEqual([]);
});

test("a reservation that cannot be saved is logged, and the line is still handed out", async () => {
  const logDir = tempDir();
  const hub = await LogHub.open({ logDir });
  mkdirSync(join(logDir, RESERVATION_FILE_NAME, "occupied"), { recursive: true }); // renaming over it fails, even for root
  const consoleError = spyOn(console, "error").mockImplementation(() => {});
  try {
    expect(hub.append("stdout", "first").seq).toBe(1);
    expect(String(consoleError.mock.calls[0]?.[0])).toContain(`could not save ${join(logDir, RESERVATION_FILE_NAME)}`);
  } finally {
    await hub.close();
    consoleError.mockRestore();
  }
});
