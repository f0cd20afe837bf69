// Local HTTP receivers on 127.0.0.1 for alert tests: a webhook or ntfy endpoint and a fake Telegram Bot API.
import type { Server } from "bun";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  stop(): void;
}

/** Records every request; answers with `statuses` in turn (the last one repeats), 200 by default. */
export function startReceiver(statuses: number[] = [200], answer: (request: ReceivedRequest) => unknown = () => ({ ok: true })): Receiver {
  const requests: ReceivedRequest[] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const received = { method: request.method, path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers), body: await request.text() };
      requests.push(received);
      const status = statuses[Math.min(requests.length - 1, statuses.length - 1)]!;
      return Response.json(status === 200 ? answer(received) : { ok: false, description: "try later" }, { status });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => void server.stop(true) };
}

/** A fake Bot API: answers /bot<token>/sendMessage like Telegram does, 404 for a wrong token. */
export function startFakeBotApi(token: string): Receiver {
  const requests: ReceivedRequest[] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      requests.push({ method: request.method, path, headers: Object.fromEntries(request.headers), body: await request.text() });
      if (path !== `/bot${token}/sendMessage`) return Response.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
      return Response.json({ ok: true, result: { message_id: requests.length } });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, requests, stop: () => void server.stop(true) };
}
