// Which receivers may get alerts: loopback and private networks yes (self-hosted ntfy, a local Bot API), link-local,
// metadata services, multicast and "any" addresses never; and a receiver's URL shows only its origin in errors.
import { afterEach, expect, test } from "bun:test";
import { addressRefusal, receiverRefusal, urlRefusal } from "../../../src/modules/alerts/receiver-address";
import { sendOnChannel } from "../../../src/modules/alerts/channels";
import type { Alert } from "../../../src/modules/alerts/alert";
import { startReceiver, type Receiver } from "./receivers";
import { freePort } from "../../helpers/free-port";

const receivers: Receiver[] = [];
afterEach(() => {
  for (const receiver of receivers.splice(0)) receiver.stop();
});

const ALERT: Alert = {
  event: "test",
  instance: null,
  connection: null,
  title: "a test alert",
  cause: null,
  hint: null,
  at: "2026-01-01T00:00:00.000Z",
  lastLines: [],
  url: null,
} as unknown as Alert;

test("allowed: loopback, private networks, public addresses and names", () => {
  for (const address of ["127.0.0.1", "10.1.2.3", "192.168.1.20", "172.16.0.9", "100.100.5.5", "8.8.8.8", "::1", "fd12:3456::1", "2001:db8::1"]) {
    expect({ address, refusal: addressRefusal(address) }).toEqual({ address, refusal: null });
  }
  for (const url of ["http://127.0.0.1:8080/hook", "https://ntfy.example.test/topic", "http://[::1]:9/x", "http://ntfy.lan/alerts"]) {
    expect({ url, refusal: urlRefusal(url) }).toEqual({ url, refusal: null });
  }
});

test("refused: link-local and metadata addresses (also IPv4-mapped), metadata names, multicast, any, other schemes", () => {
  const refused = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
    "http://[fd00:ec2::254]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[64:ff9b:1::a9fe:a9fe]/",
    "http://[::a9fe:a9fe]/",
    "http://[::169.254.169.254]/",
    "http://[::ffff:0:a9fe:a9fe]/",
    "http://[2002:a9fe:a9fe::]/",
    "http://168.63.129.16/",
    "http://100.100.100.200/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA./",
    "http://0.0.0.0:80/",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "ftp://127.0.0.1/",
  ];
  for (const url of refused) expect({ url, refused: urlRefusal(url) !== null }).toEqual({ url, refused: true });
});

test("a name is judged by what it resolves to: localhost resolves to loopback and is allowed", async () => {
  expect(await receiverRefusal("http://localhost:9/hook")).toBeNull();
  expect(await receiverRefusal("http://169.254.169.254/")).toContain("link-local");
});

test("a refused receiver is never contacted, and the error shows the URL's origin only, not its token path", async () => {
  const result = await sendOnChannel({ id: "h", kind: "webhook", url: "http://169.254.169.254/hooks/T0KEN-in-path" }, ALERT);
  expect(result.ok).toBe(false);
  expect(result.error).toContain("not sent to http://169.254.169.254/…");
  expect(result.error).not.toContain("T0KEN-in-path");
});

test("a failed delivery to an allowed receiver shows the origin only as well", async () => {
  const port = await freePort();
  const result = await sendOnChannel({ id: "h", kind: "webhook", url: `http://127.0.0.1:${port}/services/T0KEN-in-path?key=K3Y` }, ALERT);
  expect(result.ok).toBe(false);
  expect(result.error).not.toContain("T0KEN-in-path");
  expect(result.error).not.toContain("K3Y");
  const failing = startReceiver([500]);
  receivers.push(failing);
  const answered = await sendOnChannel({ id: "h", kind: "webhook", url: `${failing.url}/T0KEN-in-path` }, ALERT);
  expect(answered).toMatchObject({ ok: false, httpStatus: 500 });
  expect(answered.error).not.toContain("T0KEN-in-path");
});

test("a receiver's error page that echoes the path (plain or encoded) or the token shows neither in the error", async () => {
  const echo = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (request) => new Response(`Cannot POST ${new URL(request.url).pathname} (raw ${decodeURIComponent(new URL(request.url).pathname)})`, { status: 404 }),
  });
  try {
    const url = `http://127.0.0.1:${echo.port}/hooks/PATH%20SECRET?key=QUERYSECRET`;
    const result = await sendOnChannel({ id: "h", kind: "webhook", url }, ALERT);
    expect(result).toMatchObject({ ok: false, httpStatus: 404 });
    expect(result.error).not.toContain("PATH");
    expect(result.error).not.toContain("QUERYSECRET");
    const token = "123:TOKEN WITH SPACE";
    const telegram = await sendOnChannel({ id: "t", kind: "telegram", url: `http://127.0.0.1:${echo.port}`, botToken: token, chatIds: ["1"] }, ALERT);
    expect(telegram.error).not.toContain("TOKEN");
  } finally {
    echo.stop(true);
  }
});
