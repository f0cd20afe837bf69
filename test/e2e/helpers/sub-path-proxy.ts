// A minimal reverse proxy that serves the server under a sub-path (http://127.0.0.1:P/tgcf/ → server /), HTTP and WebSocket,
// like nginx with `location /tgcf/ { proxy_pass http://server/; }`.
import type { Server, ServerWebSocket } from "bun";

interface SocketData {
  target: string;
  headers: Record<string, string>;
  upstream?: WebSocket;
  pending: (string | Buffer)[];
}

const HOP_HEADERS = ["host", "connection", "content-length", "content-encoding", "transfer-encoding"];

export function startSubPathProxy(prefix: string, backend: string, port: number): Server<SocketData> {
  return Bun.serve<SocketData>({
    port,
    hostname: "127.0.0.1",
    async fetch(request, server) {
      const url = new URL(request.url);
      if (url.pathname === prefix) return Response.redirect(`${prefix}/`, 301);
      if (!url.pathname.startsWith(`${prefix}/`)) return new Response("not under the proxy's sub-path", { status: 404 });
      const target = new URL(url.pathname.slice(prefix.length) + url.search, backend);
      const headers = new Headers(request.headers);
      for (const name of HOP_HEADERS) headers.delete(name);
      headers.set("x-forwarded-host", url.host);
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        target.protocol = "ws:";
        const forwarded: Record<string, string> = { "x-forwarded-host": url.host };
        for (const name of ["cookie", "origin"]) if (request.headers.has(name)) forwarded[name] = request.headers.get(name)!;
        return server.upgrade(request, { data: { target: target.toString(), headers: forwarded, pending: [] } })
          ? undefined
          : new Response("upgrade failed", { status: 400 });
      }
      const answer = await fetch(target, { method: request.method, headers, body: request.body, redirect: "manual" });
      const answerHeaders = new Headers(answer.headers);
      for (const name of HOP_HEADERS) answerHeaders.delete(name);
      return new Response(answer.body, { status: answer.status, headers: answerHeaders });
    },
    websocket: {
      open(socket: ServerWebSocket<SocketData>) {
        const upstream = new WebSocket(socket.data.target, { headers: socket.data.headers } as unknown as string[]);
        socket.data.upstream = upstream;
        upstream.onmessage = (event) => socket.send(event.data as string);
        upstream.onclose = (event) => socket.close(event.code === 1005 || event.code === 1006 ? 1011 : event.code, event.reason);
        upstream.onopen = () => socket.data.pending.splice(0).forEach((message) => upstream.send(message));
      },
      message(socket, message) {
        const upstream = socket.data.upstream;
        if (upstream?.readyState === WebSocket.OPEN) upstream.send(message);
        else socket.data.pending.push(message);
      },
      close(socket) {
        socket.data.upstream?.close();
      },
    },
  });
}
