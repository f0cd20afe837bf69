// The reverse-proxy snippets of docs/deploy.md, read from the doc and run in real nginx and Caddy in front of the real
// server, checked over HTTPS as a browser at https://tgcf.test would use them. Everything stays on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../helpers/free-port";
import { startTestServer, tempDir, type TestServer } from "../helpers/server";
import { snippet, testedSnippets } from "./doc-snippets";
import { caddyfile, nginxConfig, nginxSite, TEST_HOST_NAME, type ProxyPlacement } from "./proxy-configs";
import { ProxyProcess, STRACE } from "./proxy-process";
import { makeTestCertificate, ProxiedSite, type TestCertificate } from "./https-client";
import {
  caddyCertificateWork,
  checkBrowserSession,
  checkHttp2Session,
  checkLoopbackOnly,
  checkOnlyOwnNameReachesServer,
  FOREIGN_NAME,
  signIn,
} from "./site-checks";

/** nginx lives in /usr/sbin, which a user's PATH may lack. */
const SEARCH_PATH = `${process.env.PATH ?? ""}:/usr/sbin:/usr/bin:/sbin:/bin`;
const NGINX = Bun.which("nginx", { PATH: SEARCH_PATH });
const CADDY = Bun.which("caddy", { PATH: SEARCH_PATH });
const OPENSSL = Bun.which("openssl", { PATH: SEARCH_PATH });
/** For the HTTP/2 check: Bun's fetch speaks HTTP/1.1 only. */
const CURL = Bun.which("curl", { PATH: SEARCH_PATH });
/** The log socket's heartbeat, shortened from 25 s so that frames after the handshake are seen quickly. */
const HEARTBEAT_MS = 250;
const PROXY_TEST_MS = 15_000;
const START_MS = 15_000;
const SUB_PATH = "/tgcf";

const snippets = testedSnippets();
const skipReason = (proxy: string, binary: string | null) =>
  !OPENSSL ? " (skipped: openssl is not installed: run bash .ci/ensure-proxies)" : binary ? "" : ` (skipped: ${proxy} is not installed: run bash .ci/ensure-proxies)`;

let workDir: string;
let server: TestServer;
let certificate: TestCertificate;
const proxies: ProxyProcess[] = [];

beforeAll(async () => {
  workDir = tempDir("tgcf-proxy-test-");
  if (!OPENSSL || (!NGINX && !CADDY)) return;
  certificate = makeTestCertificate(OPENSSL, workDir);
  server = await startTestServer({}, { heartbeatMs: HEARTBEAT_MS });
});

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await server?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

async function placementFor(name: string): Promise<ProxyPlacement> {
  const dir = join(workDir, name);
  mkdirSync(dir);
  return {
    upstreamPort: server.handle.port,
    httpsPort: await freePort(),
    httpPort: await freePort(),
    certificateFile: certificate.certificateFile,
    keyFile: certificate.keyFile,
    workDir: dir,
  };
}

interface RunningProxy {
  proxy: ProxyProcess;
  site: ProxiedSite;
  placement: ProxyPlacement;
}

async function startNginx(name: string, site: (placement: ProxyPlacement) => string): Promise<RunningProxy> {
  const placement = await placementFor(name);
  const configFile = join(placement.workDir, "nginx.conf");
  const errorLog = join(placement.workDir, "error.log");
  await Bun.write(configFile, nginxConfig(site(placement), placement.workDir, process.getuid?.() === 0));
  const proxy = await ProxyProcess.start({
    name,
    argv: [NGINX!, "-p", placement.workDir, "-c", configFile, "-e", errorLog],
    env: { PATH: SEARCH_PATH },
    pidFile: join(placement.workDir, "nginx.pid"),
    readyPort: placement.httpsPort,
    workDir: placement.workDir,
    logFiles: [errorLog],
  });
  proxies.push(proxy);
  return { proxy, site: new ProxiedSite(placement.httpsPort, certificate, server.url), placement };
}

async function startCaddy(name: string, snippetName: string): Promise<RunningProxy> {
  const placement = await placementFor(name);
  const configFile = join(placement.workDir, "Caddyfile");
  const pidFile = join(placement.workDir, "caddy.pid");
  await Bun.write(configFile, caddyfile(snippet(snippets, snippetName, "caddyfile"), placement));
  const proxy = await ProxyProcess.start({
    name,
    argv: [CADDY!, "run", "--config", configFile, "--adapter", "caddyfile", "--pidfile", pidFile],
    // Its home, config (autosave) and data dirs are the work dir; no proxy variables from the caller's environment.
    env: {
      PATH: SEARCH_PATH,
      HOME: placement.workDir,
      XDG_CONFIG_HOME: placement.workDir,
      XDG_DATA_HOME: placement.workDir,
    },
    pidFile,
    readyPort: placement.httpsPort,
    workDir: placement.workDir,
    logFiles: [join(placement.workDir, "caddy.log")],
  });
  proxies.push(proxy);
  return { proxy, site: new ProxiedSite(placement.httpsPort, certificate, server.url), placement };
}

const TRACE_SKIP = STRACE ? "" : " (skipped: strace is missing or may not trace here)";
const CURL_SKIP = CURL ? "" : " (skipped: curl is not installed: run bash .ci/ensure-proxies)";
const HTTP2_TEST = `over HTTP/2, as browsers use it, signs in with a Secure cookie and admits the cookie's write${CURL_SKIP}`;

describe.skipIf(!OPENSSL || !NGINX)(`nginx, the docs/deploy.md snippet${skipReason("nginx", NGINX)}`, () => {
  let nginx: RunningProxy;
  beforeAll(async () => {
    nginx = await startNginx("nginx", (placement) => nginxSite(snippet(snippets, "nginx", "nginx"), placement));
  }, START_MS);

  test("serves the UI, signs in with a Secure cookie, admits the cookie from https://tgcf.test and streams the log socket", async () => {
    await checkBrowserSession(nginx.site, "");
  }, PROXY_TEST_MS);

  test("passes the server its own name as Host: a client's X-Forwarded-Host or Host is never believed, other names get nothing", async () => {
    await checkOnlyOwnNameReachesServer(nginx.site);
  }, PROXY_TEST_MS);

  test.skipIf(!CURL)(HTTP2_TEST, () => checkHttp2Session(nginx.site, CURL!), PROXY_TEST_MS);

  test("redirects plain HTTP to https://tgcf.test, and answers no other name there", async () => {
    const http = (host: string) => fetch(`http://127.0.0.1:${nginx.placement.httpPort}/api/health?x=1`, { headers: { host }, redirect: "manual" });
    const redirect = await http(TEST_HOST_NAME);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe(`https://${TEST_HOST_NAME}/api/health?x=1`);
    await expect(http(FOREIGN_NAME)).rejects.toThrow();
  }, PROXY_TEST_MS);

  test("on a port other than 443 the cookie's writes are refused (403), and admitted with the port written into Host as the doc says", async () => {
    const { site, placement } = nginx;
    const hostWithPort = `${TEST_HOST_NAME}:${placement.httpsPort}`;
    const originWithPort = `https://${hostWithPort}`;
    const cookie = await signIn(site);
    const refused = await site.request("/api/logout", { method: "POST", host: hostWithPort, headers: { cookie, origin: originWithPort } });
    expect(refused.status).toBe(403);

    const withPort = await startNginx("nginx-port", (variant) =>
      nginxSite(snippet(snippets, "nginx", "nginx"), variant).replace(
        /(proxy_set_header (?:Host|X-Forwarded-Host)\s+)\$host;/g,
        `$1$host:${variant.httpsPort};`,
      ),
    );
    const portHost = `${TEST_HOST_NAME}:${withPort.placement.httpsPort}`;
    const portCookie = await signIn(withPort.site, "", portHost, `https://${portHost}`);
    const admitted = await withPort.site.request("/api/logout", { method: "POST", host: portHost, headers: { cookie: portCookie, origin: `https://${portHost}` } });
    expect(admitted.status).toBe(200);
    await withPort.proxy.stop();
  }, PROXY_TEST_MS);

  test.skipIf(!STRACE)(`connects to nothing but 127.0.0.1${TRACE_SKIP}`, async () => {
    await checkLoopbackOnly(nginx.proxy);
  }, PROXY_TEST_MS);
});

describe.skipIf(!OPENSSL || !NGINX)(`nginx, the docs/deploy.md sub-path locations${skipReason("nginx", NGINX)}`, () => {
  test("redirects /tgcf to /tgcf/, and the UI, sign-in, cookie and log socket work under /tgcf/", async () => {
    const { site, proxy } = await startNginx("nginx-sub-path", (placement) =>
      nginxSite(snippet(snippets, "nginx", "nginx"), placement, snippet(snippets, "nginx-sub-path", "nginx")),
    );
    const redirect = await site.request(SUB_PATH);
    expect(redirect.status).toBe(301);
    expect(new URL(redirect.headers.get("location")!, site.origin).pathname).toBe(`${SUB_PATH}/`);
    await checkBrowserSession(site, SUB_PATH);
    if (STRACE) await checkLoopbackOnly(proxy);
  }, PROXY_TEST_MS);
});

describe.skipIf(!OPENSSL || !CADDY)(`Caddy, the docs/deploy.md snippet${skipReason("caddy", CADDY)}`, () => {
  let caddy: RunningProxy;
  beforeAll(async () => {
    caddy = await startCaddy("caddy", "caddy");
  }, START_MS);

  test("serves the UI, signs in with a Secure cookie, admits the cookie from https://tgcf.test and streams the log socket", async () => {
    await checkBrowserSession(caddy.site, "");
  }, PROXY_TEST_MS);

  test("passes the server its own name as Host: a client's X-Forwarded-Host or Host is never believed, other names get nothing", async () => {
    await checkOnlyOwnNameReachesServer(caddy.site);
  }, PROXY_TEST_MS);

  test.skipIf(!CURL)(HTTP2_TEST, () => checkHttp2Session(caddy.site, CURL!), PROXY_TEST_MS);

  test("on a port other than 443 passes the port in Host, so the cookie's writes are admitted", async () => {
    const { site, placement } = caddy;
    const hostWithPort = `${TEST_HOST_NAME}:${placement.httpsPort}`;
    const cookie = await signIn(site, "", hostWithPort, `https://${hostWithPort}`);
    const admitted = await site.request("/api/logout", { method: "POST", host: hostWithPort, headers: { cookie, origin: `https://${hostWithPort}` } });
    expect(admitted.status).toBe(200);
  }, PROXY_TEST_MS);

  test(`neither tries ACME nor OCSP, and connects to nothing but 127.0.0.1${TRACE_SKIP}`, async () => {
    await caddy.proxy.stop();
    const log = caddy.proxy.file("caddy.log");
    expect(log).toContain('"server running"');
    expect(caddyCertificateWork(log)).toEqual([]);
    if (STRACE) await checkLoopbackOnly(caddy.proxy);
  }, PROXY_TEST_MS);
});

describe.skipIf(!OPENSSL || !CADDY)(`Caddy, the docs/deploy.md sub-path site${skipReason("caddy", CADDY)}`, () => {
  test("redirects /tgcf to /tgcf/, and the UI, sign-in, cookie and log socket work under /tgcf/", async () => {
    const { site, proxy } = await startCaddy("caddy-sub-path", "caddy-sub-path");
    const redirect = await site.request(SUB_PATH);
    expect([301, 302, 308]).toContain(redirect.status);
    expect(new URL(redirect.headers.get("location")!, site.origin).pathname).toBe(`${SUB_PATH}/`);
    await checkBrowserSession(site, SUB_PATH);
    if (STRACE) await checkLoopbackOnly(proxy);
  }, PROXY_TEST_MS);
});
