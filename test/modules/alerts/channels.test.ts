// Each channel's request, against local receivers; secrets never appear in a reported error.
import { afterEach, expect, test } from "bun:test";
import { sendOnChannel, signatureOf } from "../../../src/modules/alerts/channels";
import { alertText, type Alert } from "../../../src/modules/alerts/alert";
import { startFakeBotApi, startReceiver, type Receiver } from "./receivers";
import { freePort } from "../../helpers/free-port";

const receivers: Receiver[] = [];
afterEach(() => {
  for (const receiver of receivers.splice(0)) receiver.stop();
});

const ALERT: Alert = {
  event: "fatal",
  instance: { id: "work", name: "Work account" },
  connection: null,
  title: "gave up restarting tgcf (fatal)",
  cause: "FloodWaitError: wait 400 s",
  hint: "wait",
  at: "2026-01-01T00:00:00.000Z",
  lastLines: Array.from({ length: 20 }, (_, i) => `line ${i}`),
  url: "https://tgcf.example.test/#/i/work/run",
};

test("ntfy gets plain text with the title in a header and the last lines in the body", async () => {
  const ntfy = startReceiver();
  receivers.push(ntfy);
  expect(await sendOnChannel({ id: "n", kind: "ntfy", url: `${ntfy.url}/topic` }, ALERT)).toEqual({ ok: true, httpStatus: 200, error: null });
  const [request] = ntfy.requests;
  expect(request!.headers.title).toBe('tgcf "Work account" (work): gave up restarting tgcf (fatal)');
  expect(request!.headers.click).toBe(ALERT.url!);
  expect(request!.body).toBe(alertText(ALERT, true));
  expect(request!.body).toContain("line 19");
  expect(request!.body).toContain("Cause: FloodWaitError: wait 400 s");
});

test("an unsigned webhook has no signature header; a signed one matches the body", async () => {
  const hook = startReceiver();
  receivers.push(hook);
  await sendOnChannel({ id: "h", kind: "webhook", url: hook.url }, ALERT);
  await sendOnChannel({ id: "h", kind: "webhook", url: hook.url, secret: "s3cret" }, ALERT);
  expect(hook.requests[0]!.headers["x-tgcf-signature"]).toBeUndefined();
  expect(hook.requests[1]!.headers["x-tgcf-signature"]).toBe(signatureOf(hook.requests[1]!.body, "s3cret"));
});

test("a Bot API error is reported without the bot token", async () => {
  const botApi = startFakeBotApi("1:right");
  receivers.push(botApi);
  const wrong = await sendOnChannel({ id: "t", kind: "telegram", url: botApi.url, botToken: "1:wrong-token", chatIds: ["5"] }, ALERT);
  expect(wrong).toMatchObject({ ok: false, httpStatus: 404 });
  const unreachable = await sendOnChannel({ id: "t", kind: "telegram", url: `http://127.0.0.1:${await freePort()}`, botToken: "1:wrong-token", chatIds: ["5"] }, ALERT);
  expect(unreachable).toMatchObject({ ok: false, httpStatus: null });
  expect(JSON.stringify([wrong, unreachable])).not.toContain("wrong-token");
});
