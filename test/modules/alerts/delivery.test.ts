// Delivery on a fake clock: retries after the named delays, a bounded queue and history, never a secret reported.
import { expect, test } from "bun:test";
import { FakeClock, settle } from "../process/fakes";
import { AlertDelivery, RETRY_DELAYS_MS } from "../../../src/modules/alerts/delivery";
import type { Alert } from "../../../src/modules/alerts/alert";
import type { SendResult } from "../../../src/modules/alerts/channels";
import type { AlertChannel } from "../../../src/modules/alerts/model";

const CHANNEL: AlertChannel = { id: "hook", kind: "webhook", url: "http://127.0.0.1:9/" };
const ALERT: Alert = { event: "fatal", instance: { id: "default", name: "default" }, connection: null, title: "gave up", cause: null, hint: null, at: "2026-01-01T00:00:00.000Z", lastLines: [], url: null };
const FAILED: SendResult = { ok: false, httpStatus: 500, error: "HTTP 500" };
const SENT: SendResult = { ok: true, httpStatus: 200, error: null };

function scripted(results: SendResult[]) {
  const calls: number[] = [];
  const clock = new FakeClock();
  const send = async () => {
    calls.push(clock.now());
    return results[Math.min(calls.length - 1, results.length - 1)]!;
  };
  return { clock, calls, send };
}

test("a failed send is retried after 1 s, 5 s and 30 s, then shown as failed with every attempt", async () => {
  const { clock, calls, send } = scripted([FAILED]);
  const reports: string[] = [];
  const delivery = new AlertDelivery({ clock, send, report: (line) => reports.push(line) });
  const start = clock.now();
  delivery.enqueue(CHANNEL, ALERT);
  await clock.advance(RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0));
  const offsets = calls.map((at) => at - start);
  expect(offsets).toEqual([0, 1_000, 6_000, 36_000]);
  expect(delivery.entries()).toMatchObject([{ status: "failed", attempts: [{ ok: false }, { ok: false }, { ok: false }, { ok: false }] }]);
  expect(reports).toHaveLength(1);
  expect(delivery.queued).toBe(0);
});

test("a retry that succeeds ends the delivery as sent", async () => {
  const { clock, calls, send } = scripted([FAILED, SENT]);
  const delivery = new AlertDelivery({ clock, send });
  delivery.enqueue(CHANNEL, ALERT);
  await settle();
  expect(delivery.entries()[0]!.status).toBe("pending");
  await clock.advance(RETRY_DELAYS_MS[0]);
  expect(calls).toHaveLength(2);
  expect(delivery.entries()).toMatchObject([{ status: "sent", attempts: [{ ok: false, httpStatus: 500 }, { ok: true, httpStatus: 200 }] }]);
});

test("beyond the queue's bound alerts are dropped, and the history keeps only the newest", async () => {
  const clock = new FakeClock();
  const delivery = new AlertDelivery({ clock, send: () => new Promise<SendResult>(() => {}), maxQueued: 2, historySize: 3 });
  for (let i = 0; i < 4; i++) delivery.enqueue(CHANNEL, { ...ALERT, title: `alert ${i}` });
  expect(delivery.entries().map((entry) => [entry.title, entry.status])).toEqual([
    ["alert 3", "dropped"],
    ["alert 2", "dropped"],
    ["alert 1", "pending"],
  ]);
});

test("closing stops the retries and marks them failed", async () => {
  const { clock, calls, send } = scripted([FAILED]);
  const delivery = new AlertDelivery({ clock, send });
  delivery.enqueue(CHANNEL, ALERT);
  await settle();
  delivery.close();
  await clock.advance(60_000);
  expect(calls).toHaveLength(1);
  expect(delivery.entries()[0]!.status).toBe("failed");
  expect(delivery.enqueue(CHANNEL, ALERT).status).toBe("dropped");
});
