// What the server prints when it starts: where it really listens, how to sign in, and a warning when that is unsafe.
import type { LoadedToken } from "./modules/auth/token";

const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]"]);

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Where the configured tgcf command was found, or null when it was not. */
export interface TgcfLookup {
  command: string;
  executable: string | null;
}

export function startBanner(version: string, listen: { host: string; port: number }, token: LoadedToken, tgcf?: TgcfLookup): string {
  const { host, port } = listen;
  const address = `${hostForUrl(host)}:${port}`;
  const lines: string[] = [];
  if (ANY_ADDRESS.has(host)) {
    lines.push(`tgcf-server ${version} listening on ${address} (every network interface of this machine)`);
    lines.push(`open http://localhost:${port}/ here, or http://<this machine's address>:${port}/ from another machine`);
  } else {
    lines.push(`tgcf-server ${version} listening on ${address}`);
    lines.push(`open http://${address}/`);
  }
  lines.push(
    token.source === "setting"
      ? "token: the one you set (--token / TGCF_SERVER_TOKEN)"
      : `token: ${token.token}   (kept in ${token.path}; set TGCF_SERVER_TOKEN to choose your own)`,
  );
  lines.push("sign in there with that token; API docs at /api/docs");
  if (tgcf) {
    lines.push(
      tgcf.executable
        ? `tgcf: ${tgcf.executable}`
        : `tgcf not found ("${tgcf.command}"): install it (pip install tgcf, in a virtual environment) and restart with --tgcf-command <path to tgcf>`,
    );
  }
  if (!isLoopbackHost(host)) {
    lines.push(
      "warning: other machines can reach this server over plain HTTP, so the token and the session cookie cross the network unencrypted. " +
        "Listen on 127.0.0.1 (--host 127.0.0.1) behind a reverse proxy with TLS: see docs/deploy.md",
    );
  }
  return lines.join("\n") + "\n";
}
