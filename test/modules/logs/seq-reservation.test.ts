import { expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LogHub } from "../../../src/modules/logs/log-hub";
import { SEQ_RESERVATION_BLOCK } from "../../../src/modules/logs/seq-reservation";

test("a hub reopened after a crash never reuses a seq it may have handed out", async () => {
  const logDir = mkdtempSync(join(tmpdir(), "seq-reservation-"));
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
  const logDir = mkdtempSync(join(tmpdir(), "seq-reservation-"));
  const first = await LogHub.open({ logDir });
  for (let i = 0; i < 5; i++) first.append("stdout", `line ${i}`);
  await first.close();
  const second = await LogHub.open({ logDir });
  expect(second.append("stdout", "next").seq).toBe(6);
  await second.close();
});
