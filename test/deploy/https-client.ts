// Reaches a proxy on a loopback port as a browser reaches https://tgcf.test: that name as Host and SNI, its certificate trusted.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:tls";
import { TEST_HOST_NAME } from "./proxy-configs";

const RAW_REQUEST_TIMEOUT_MS = 5_000;
const CERTIFICATE_DAYS = 1;

export interface TestCertificate {
  certificateFile: string;
  keyFile: string;
  /** The certificate itself, which the client trusts as its only CA. */
  pem: string;
}

/** A self-signed certificate for TEST_HOST_NAME (and nothing else), made with openssl in `dir`. */
export function makeTestCertificate(openssl: string, dir: string): TestCertificate {
  const certificateFile = join(dir, "certificate.pem");
  const keyFile = join(dir, "key.pem");
  const result = Bun.spawnSync(
    [
      openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", keyFile, "-out", certificateFile, "-days", String(CERTIFICATE_DAYS),
      "-subj", `/CN=${TEST_HOST_NAME}`, "-addext", `subjectAltName=DNS:${TEST_HOST_NAME}`,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  if (result.exitCode !== 0) throw new Error(`openssl could not make the test certificate: ${result.stderr.toString()}`);
  return { certificateFile, keyFile, pem: readFileSync(certificateFile, "utf8") };
}

export interface SiteRequestInit extends RequestInit {
  /** The Host header (default: the site's name). */
  host?: string;
  /** The TLS server name (default: the site's name). */
  serverName?: string;
  /** Accept the certificate whatever names it holds, so that only the server can refuse the connection. */
  anyCertificateName?: boolean;
}

export interface Http2Request {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Http2Response {
  /** "2" when HTTP/2 was used. */
  version: string;
  status: number;
  headers: Headers;
}

export class ProxiedSite {
  /** `upstreamUrl` is the server behind the proxy, reached directly, to compare with what the proxy returns. */
  constructor(
    readonly port: number,
    readonly certificate: TestCertificate,
    readonly upstreamUrl: string,
    readonly name = TEST_HOST_NAME,
  ) {}

  /** The Origin a browser sends for the site served on 443. */
  get origin(): string {
    return `https://${this.name}`;
  }

  /** fetch through the proxy; redirects are returned, not followed. */
  request(path: string, { host = this.name, serverName = this.name, anyCertificateName = false, headers, ...init }: SiteRequestInit = {}): Promise<Response> {
    const requestHeaders = new Headers(headers);
    requestHeaders.set("host", host);
    return fetch(`https://127.0.0.1:${this.port}${path}`, {
      ...init,
      headers: requestHeaders,
      redirect: "manual",
      tls: { serverName, ca: this.certificate.pem, ...(anyCertificateName ? { checkServerIdentity: () => undefined } : {}) },
    });
  }

  /** Sends `head` (one HTTP/1.1 request without a body) as it is; the status code, or null if the proxy closed without one. */
  raw(head: string): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port: this.port, servername: this.name, ca: this.certificate.pem });
      const timer = setTimeout(() => socket.destroy(new Error("no answer in time")), RAW_REQUEST_TIMEOUT_MS);
      let received = "";
      socket.setEncoding("latin1");
      socket.once("secureConnect", () => socket.write(head));
      socket.on("data", (chunk: string) => (received += chunk));
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      socket.once("close", () => {
        clearTimeout(timer);
        const status = /^HTTP\/1\.[01] (\d{3})/.exec(received);
        resolve(status ? Number(status[1]) : null);
      });
    });
  }

  /**
   * One request over HTTP/2 with curl (Bun's fetch speaks HTTP/1.1), as browsers send it: the name and port in
   * `:authority`, which stands for Host. Returns the HTTP version used, the status and the response headers.
   */
  async http2(curl: string, path: string, { method = "GET", headers = {}, body }: Http2Request = {}): Promise<Http2Response> {
    const authority = `${this.name}:${this.port}`;
    // Not spawnSync: the server answering through the proxy runs in this very process.
    const child = Bun.spawn(
      [
        curl, "--silent", "--show-error", "--http2", "--max-time", "5",
        "--resolve", `${authority}:127.0.0.1`, "--cacert", this.certificate.certificateFile,
        "--request", method, "--dump-header", "-", "--output", "/dev/null",
        ...Object.entries(headers).flatMap(([name, value]) => ["--header", `${name}: ${value}`]),
        ...(body === undefined ? [] : ["--data-raw", body]),
        `https://${authority}${path}`,
      ],
      { stdout: "pipe", stderr: "pipe" },
    );
    const [exitCode, output, errors] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
    if (exitCode !== 0) throw new Error(`curl failed: ${errors}`);
    const [statusLine = "", ...headerLines] = output.trim().split(/\r?\n/);
    const [, version = "", status = "0"] = /^HTTP\/(\S+) (\d{3})/.exec(statusLine) ?? [];
    const responseHeaders = new Headers();
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      if (colon > 0) responseHeaders.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    }
    return { version, status: Number(status), headers: responseHeaders };
  }

  /** Opens a WebSocket through the proxy (wss://tgcf.test + path) with these headers. */
  openSocket(path: string, headers: Record<string, string>): RecordingSocket {
    return new RecordingSocket(`wss://127.0.0.1:${this.port}${path}`, { host: this.name, ...headers }, { serverName: this.name, ca: this.certificate.pem });
  }
}

/** A WebSocket that records every message and whether it opened. */
export class RecordingSocket {
  readonly messages: Array<{ type?: string }> = [];
  /** true once open, false if it closed first. */
  readonly opened: Promise<boolean>;
  /** Set when the socket closed, by either side. */
  closed = false;
  private readonly socket: WebSocket;

  constructor(url: string, headers: Record<string, string>, tls: { serverName: string; ca: string }) {
    const options: Bun.WebSocketOptions = { headers, tls };
    // lib.dom's WebSocket type hides the constructor Bun adds for options.
    this.socket = new WebSocket(url, options as unknown as string[]);
    this.opened = new Promise((resolve) => {
      this.socket.addEventListener("open", () => resolve(true));
      this.socket.addEventListener("close", () => resolve(false));
    });
    this.socket.addEventListener("close", () => (this.closed = true));
    this.socket.addEventListener("message", (event) => this.messages.push(JSON.parse(String(event.data))));
  }

  close(): void {
    this.socket.close();
  }
}
