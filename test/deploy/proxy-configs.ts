// Turns the doc's nginx and Caddy snippets into configs that run unprivileged on loopback ports, changing only placeholders.
import { join } from "node:path";

/** The name the test's client asks for (Host and SNI); the doc's example names all become it. */
export const TEST_HOST_NAME = "tgcf.test";

/** Placeholders as the doc writes them. */
const DOC_UPSTREAM = "127.0.0.1:8080";
const DOC_CERTIFICATE = /\/etc\/letsencrypt\/live\/[^/\s]+\/fullchain\.pem/g;
const DOC_CERTIFICATE_KEY = /\/etc\/letsencrypt\/live\/[^/\s]+\/privkey\.pem/g;
const DOC_NAMES = /\b(?:[a-z0-9-]+\.)*example\.com\b/g;

export interface ProxyPlacement {
  /** The tgcf-server the proxy forwards to. */
  upstreamPort: number;
  /** Stands for 443. */
  httpsPort: number;
  /** Stands for 80 (nginx only: Caddy's own HTTP-to-HTTPS redirect is off in tests). */
  httpPort: number;
  certificateFile: string;
  keyFile: string;
  /** A private directory for the proxy's pid file, logs, temporary files and storage. */
  workDir: string;
}

function replaceRequired(text: string, pattern: string | RegExp, replacement: string, what: string): string {
  const found = typeof pattern === "string" ? text.includes(pattern) : new RegExp(pattern.source, pattern.flags.replace("g", "")).test(text);
  if (!found) throw new Error(`the snippet has no ${what} to replace (${pattern})`);
  return typeof pattern === "string" ? text.replaceAll(pattern, replacement) : text.replace(pattern, replacement);
}

/** The placeholders every snippet shares: the upstream, the certificate files, the names. */
function substitutePlaceholders(snippet: string, placement: ProxyPlacement): string {
  let text = replaceRequired(snippet, DOC_UPSTREAM, `127.0.0.1:${placement.upstreamPort}`, "upstream 127.0.0.1:8080");
  text = text.replace(DOC_CERTIFICATE, placement.certificateFile).replace(DOC_CERTIFICATE_KEY, placement.keyFile);
  return replaceRequired(text, DOC_NAMES, TEST_HOST_NAME, "example.com name");
}

/**
 * The doc's nginx site, with `subPathLocations` (if given) in place of the locations of its last server block,
 * as the doc tells readers to do. Every `listen` must end up on 127.0.0.1, or this throws.
 */
export function nginxSite(mainSnippet: string, placement: ProxyPlacement, subPathLocations?: string): string {
  let site = subPathLocations === undefined ? mainSnippet : replaceLastServerLocations(mainSnippet, subPathLocations);
  site = substitutePlaceholders(site, placement);
  site = site.replace(/\blisten 443\b/g, `listen 127.0.0.1:${placement.httpsPort}`).replace(/\blisten 80\b/g, `listen 127.0.0.1:${placement.httpPort}`);
  for (const [, address] of site.matchAll(/^\s*listen\s+(\S+)/gm)) {
    if (!address!.startsWith("127.0.0.1:")) throw new Error(`the nginx snippet listens on ${address}, which the test cannot map to loopback`);
  }
  return site;
}

function replaceLastServerLocations(site: string, locations: string): string {
  const lines = site.split("\n");
  const firstLocation = lines.findIndex((line) => /^\s*location\s/.test(line));
  const serverEnd = lines.findLastIndex((line) => /^\}\s*$/.test(line));
  if (firstLocation === -1 || serverEnd < firstLocation) throw new Error("the nginx snippet's last server block has no locations to replace");
  return [...lines.slice(0, firstLocation), locations, ...lines.slice(serverEnd)].join("\n");
}

/** A complete nginx.conf around the site: foreground, every file it writes inside the work dir. */
export function nginxConfig(site: string, workDir: string, runningAsRoot: boolean): string {
  const path = (name: string) => join(workDir, name);
  return [
    "daemon off;",
    "worker_processes 1;",
    // As root, nginx would hand its workers to "nobody", who cannot write the private temporary directories below.
    ...(runningAsRoot ? ["user root;"] : []),
    `pid ${path("nginx.pid")};`,
    `error_log ${path("error.log")} notice;`,
    "events { worker_connections 64; }",
    "http {",
    `    access_log ${path("access.log")};`,
    `    client_body_temp_path ${path("client-body")};`,
    `    proxy_temp_path ${path("proxy")};`,
    `    fastcgi_temp_path ${path("fastcgi")};`,
    `    uwsgi_temp_path ${path("uwsgi")};`,
    `    scgi_temp_path ${path("scgi")};`,
    site,
    "}",
    "",
  ].join("\n");
}

/**
 * The doc's Caddy site with a test certificate instead of automatic HTTPS, bound to 127.0.0.1, behind global options
 * that keep Caddy off the network: no admin endpoint, no ACME, no OCSP, storage and logs in the work dir.
 */
export function caddyfile(snippet: string, placement: ProxyPlacement): string {
  if (/^\s*\{/.test(snippet)) throw new Error("the Caddy snippet has a global options block: the test cannot add its own");
  const siteAddress = new RegExp(`^${TEST_HOST_NAME.replace(".", "\\.")} \\{$`, "m");
  const site = replaceRequired(
    substitutePlaceholders(snippet, placement),
    siteAddress,
    `https://${TEST_HOST_NAME}:${placement.httpsPort} {\n\tbind 127.0.0.1\n\ttls ${placement.certificateFile} ${placement.keyFile}`,
    "site address line",
  );
  const global = [
    "{",
    "\tadmin off",
    "\tauto_https off",
    "\tocsp_stapling off",
    "\tskip_install_trust",
    `\tstorage file_system ${join(placement.workDir, "storage")}`,
    "\tservers {",
    "\t\tprotocols h1 h2",
    "\t}",
    "\tlog {",
    `\t\toutput file ${join(placement.workDir, "caddy.log")}`,
    "\t\tlevel DEBUG",
    "\t}",
    "}",
  ].join("\n");
  return `${global}\n\n${site}\n`;
}
