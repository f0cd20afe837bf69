// A WebSocket client that completes the handshake over raw TCP and then never reads (like the slow-client test).
import { connect, type Socket } from "node:net";
import { BENCH_TOKEN } from "./targets";

const HANDSHAKE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const OPCODE_CLOSE = 0x8;

export interface StalledEnd {
  /** The close code the server sent, or null if no close frame came. */
  closeCode: number | null;
  /** Bytes received after the handshake, frames and all. */
  bytes: number;
}

export interface StalledClient {
  /** Starts reading again and resolves once a close frame or the end of the connection arrives, or after `timeoutMs`. */
  finish(timeoutMs: number): Promise<StalledEnd>;
}

/** Connects to /ws/logs?tail=0 on `port`, waits for the 101, then pauses the socket. */
export async function openStalledClient(port: number): Promise<StalledClient> {
  const socket = connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.write(
    [
      "GET /ws/logs?tail=0 HTTP/1.1", `Host: 127.0.0.1:${port}`, "Upgrade: websocket", "Connection: Upgrade",
      `Sec-WebSocket-Key: ${HANDSHAKE_KEY}`, "Sec-WebSocket-Version: 13", `Authorization: Bearer ${BENCH_TOKEN}`, "", "",
    ].join("\r\n"),
  );
  const first = await new Promise<Buffer>((resolve) => socket.once("data", resolve));
  const headerEnd = first.indexOf("\r\n\r\n");
  if (!first.toString("latin1", 0, 12).startsWith("HTTP/1.1 101") || headerEnd === -1) throw new Error(`no upgrade: ${first.toString("latin1", 0, 80)}`);
  socket.pause();
  return { finish: (timeoutMs) => readToClose(socket, first.subarray(headerEnd + 4), timeoutMs) };
}

function readToClose(socket: Socket, alreadyReceived: Buffer, timeoutMs: number): Promise<StalledEnd> {
  return new Promise((resolve) => {
    let pending: Buffer = alreadyReceived;
    let bytes = alreadyReceived.length;
    let closeCode: number | null = null;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ closeCode, bytes });
    };
    const timer = setTimeout(done, timeoutMs);
    const parse = () => {
      // Server frames are unmasked: FIN/opcode, a 7-bit length or 126 + 16 bits or 127 + 64 bits, then the payload.
      for (;;) {
        if (pending.length < 2) return;
        const shortLength = pending[1]! & 0x7f;
        const headerBytes = shortLength === 126 ? 4 : shortLength === 127 ? 10 : 2;
        if (pending.length < headerBytes) return;
        const payloadBytes = shortLength === 126 ? pending.readUInt16BE(2) : shortLength === 127 ? Number(pending.readBigUInt64BE(2)) : shortLength;
        if (pending.length < headerBytes + payloadBytes) return;
        if ((pending[0]! & 0x0f) === OPCODE_CLOSE) {
          closeCode = payloadBytes >= 2 ? pending.readUInt16BE(headerBytes) : null;
          return done();
        }
        pending = pending.subarray(headerBytes + payloadBytes);
      }
    };
    socket.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      parse();
    });
    socket.once("close", done);
    socket.resume();
    parse();
  });
}
