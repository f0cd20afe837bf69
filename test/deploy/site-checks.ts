// What a browser at https://tgcf.test does through a proxy, and what must never get through it, as reusable checks.
import { expect } from "bun:test";
import { TEST_TOKEN, waitUntil } from "../helpers/server";
import { TEST_HOST_NAME } from "./proxy-configs";
import { isLoopbackAddress, type ProxyProcess } from "./proxy-process";
import type { ProxiedSite } from "./https-client";

/** Heartbeats a log socket must get: a proxy whose read timeout is shorter than the interval cuts it after the first. */
const HEARTBEATS_TO_SEE = 3;
const HEARTBEATS_TIMEOUT_MS = 5_000;
/** A name that is not the site's, as a DNS-rebinding page would send it. */
export const FOREIGN_NAME = "evil.test";

/** Signs in as the UI does and returns the cookie; the Set-Cookie must be Secure. */
export async function signIn(site: ProxiedSite, base = "", host = site.name, origin = site.origin): Promise<string> {
  const response = await site.request(`${base}/api/login`, {
    method: "POST",
    host,
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ token: TEST_TOKEN }),
  });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get("set-cookie") ?? "";
  expect(setCookie.split(";").map((part) => part.trim())).toContain("Secure");
  return setCookie.split(";")[0]!;
}

/** What the UI does at https://tgcf.test<base>/: the page and its script, sign-in, a read, the live log, sign-out. */
export async function checkBrowserSession(site: ProxiedSite, base: string): Promise<void> {
  const page = await site.request(`${base}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("<title>tgcf-server</title>");
  const script = /<script[^>]*\ssrc="\.\/([^"]+)"/.exec(html)?.[1];
  if (!script) throw new Error(`the UI page has no relative script:\n${html}`);
  const proxiedScript = await site.request(`${base}/${script}`);
  expect(proxiedScript.status).toBe(200);
  expect(await proxiedScript.text()).toBe(await (await fetch(`${site.upstreamUrl}/${script}`)).text());

  const cookie = await signIn(site, base);
  const withCookie = { cookie, origin: site.origin };
  expect((await site.request(`${base}/api/status`, { headers: withCookie })).status).toBe(200);

  const socket = site.openSocket(`${base}/ws/logs?tail=0`, withCookie);
  try {
    expect(await socket.opened).toBe(true);
    const heartbeats = () => socket.messages.filter((message) => message.type === "heartbeat").length;
    await waitUntil(() => heartbeats() >= HEARTBEATS_TO_SEE || socket.closed, HEARTBEATS_TIMEOUT_MS, "heartbeats through the proxy");
    expect(socket.closed).toBe(false);
    expect(socket.messages[0]?.type).toBe("status");
  } finally {
    socket.close();
  }

  expect((await site.request(`${base}/api/logout`, { method: "POST", headers: withCookie })).status).toBe(200);
  expect((await site.request(`${base}/api/status`, { headers: withCookie })).status).toBe(401);
}

/** Over HTTP/2, where the name comes in `:authority` instead of a Host header: sign-in, a Secure cookie, a cookie write. */
export async function checkHttp2Session(site: ProxiedSite, curl: string): Promise<void> {
  const asBrowser = { host: site.name, origin: site.origin };
  const login = await site.http2(curl, "/api/login", {
    method: "POST",
    headers: { ...asBrowser, "content-type": "application/json" },
    body: JSON.stringify({ token: TEST_TOKEN }),
  });
  expect([login.version, login.status]).toEqual(["2", 200]);
  const setCookie = login.headers.get("set-cookie") ?? "";
  expect(setCookie.split(";").map((part) => part.trim())).toContain("Secure");
  const logout = await site.http2(curl, "/api/logout", { method: "POST", headers: { ...asBrowser, cookie: setCookie.split(";")[0]! } });
  expect([logout.version, logout.status]).toEqual(["2", 200]);
}

/** The server gets the proxy's name for the site as Host, never a client's; other names never reach it. */
export async function checkOnlyOwnNameReachesServer(site: ProxiedSite): Promise<void> {
  const cookie = await signIn(site);
  const foreign = `https://${FOREIGN_NAME}`;
  // Were a client's X-Forwarded-Host passed on, the server would take evil.test for its own name and admit this.
  const forwardedHost = await site.request("/api/logout", { method: "POST", headers: { cookie, origin: foreign, "x-forwarded-host": FOREIGN_NAME } });
  expect(forwardedHost.status).toBe(403);
  // A full URL in the request line names the site; the Host header beside it must not reach the server.
  const absoluteForm = await site.raw(
    `POST https://${TEST_HOST_NAME}/api/logout HTTP/1.1\r\nHost: ${FOREIGN_NAME}\r\nOrigin: ${foreign}\r\nCookie: ${cookie}\r\n` +
      "Content-Length: 0\r\nConnection: close\r\n\r\n",
  );
  expect(absoluteForm).toBe(403);
  expect((await site.request("/api/status", { headers: { cookie, origin: site.origin } })).status).toBe(200);

  // Another name, over this site's TLS connection: no answer from the server (nginx closes, Caddy answers empty).
  const otherHost = await site.request("/api/health", { host: FOREIGN_NAME }).then(
    async (response) => `${response.status} ${await response.text()}`,
    (error: Error) => `no answer: ${error.message}`,
  );
  expect(otherHost).not.toContain('"ok"');
  // Another name as TLS server name: the proxy offers no certificate (this client would take any), so no connection,
  // even for a request that names the site in its Host.
  await expect(site.request("/api/health", { serverName: FOREIGN_NAME, anyCertificateName: true })).rejects.toThrow();
  expect((await site.request("/api/health")).status).toBe(200);
}

/** After the proxy stopped: it connected and sent to 127.0.0.1 only (and the trace did see it reach the server). */
export async function checkLoopbackOnly(proxy: ProxyProcess): Promise<void> {
  await proxy.stop();
  const addresses = proxy.contactedAddresses();
  expect(addresses).toContain("127.0.0.1");
  expect(addresses.filter((address) => !isLoopbackAddress(address))).toEqual([]);
}

/**
 * What Caddy's log says about getting or checking certificates: each line's logger, message and event name (not its other
 * fields, which say "obtain_if_necessary" even when nothing is obtained). Empty when it tried no ACME and no OCSP.
 */
export function caddyCertificateWork(log: string): string[] {
  return log
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { logger?: string; msg?: string; name?: string })
    .map((entry) => `${entry.logger ?? ""} ${entry.msg ?? ""} ${entry.name ?? ""}`)
    .filter((summary) => /acme|ocsp|obtain|renew|issu/i.test(summary));
}
