// HTTP/1.1 written byte for byte over a TCP socket, so that no client library normalises the request line or headers.
import { connect } from "node:net";

export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
  /** The whole answer as received, for messages. */
  raw: string;
}

export interface RawRequestOptions {
  /** Connect from this local address (any 127.x.y.z works on Linux), to appear as another client. */
  localAddress?: string;
  timeoutMs?: number;
}

/** Sends `request` (request line, headers, blank line, body) and reads until the server closes or the time is up. */
export function rawRequest(port: number, request: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1", localAddress: options.localAddress }, () => socket.write(request));
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(parseResponse(Buffer.concat(chunks).toString("latin1")));
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      // A 101 never closes by itself: its head is all there is to read.
      if (Buffer.concat(chunks).toString("latin1").startsWith("HTTP/1.1 101") && Buffer.concat(chunks).includes("\r\n\r\n")) finish();
    });
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", (error) => (settled ? undefined : reject(error)));
    socket.setTimeout(options.timeoutMs ?? 3_000, finish);
  });
}

/** A GET (or other bodiless request) with the given target and headers, closing the connection after the answer. */
export function rawGet(port: number, method: string, target: string, headers: Array<[string, string]>, options?: RawRequestOptions): Promise<RawResponse> {
  const head = [`${method} ${target} HTTP/1.1`, ...headers.map(([name, value]) => `${name}: ${value}`), "Connection: close", "", ""].join("\r\n");
  return rawRequest(port, head, options);
}

function parseResponse(text: string): RawResponse {
  const headEnd = text.indexOf("\r\n\r\n");
  const head = headEnd === -1 ? text : text.slice(0, headEnd);
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { status, headers, body: headEnd === -1 ? "" : dechunk(text.slice(headEnd + 4), headers), raw: text };
}

function dechunk(body: string, headers: Map<string, string>): string {
  if (headers.get("transfer-encoding") !== "chunked") return body;
  let result = "";
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return result;
    result += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
