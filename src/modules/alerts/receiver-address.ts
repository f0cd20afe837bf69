// Where alerts may be sent. Loopback and private networks stay allowed (a self-hosted ntfy or Bot API often lives
// there), but link-local addresses, cloud metadata services, multicast and "any" addresses never receive an alert:
// an API token must not turn the server into a way to reach the host's metadata service.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

const METADATA_HOST_NAMES = new Set(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);

function ipv4Refusal(address: string): string | null {
  const [a, b] = address.split(".").map(Number) as [number, number];
  if (a === 169 && b === 254) return "a link-local address (where cloud metadata services answer)";
  if (a === 0) return 'an "any" address';
  if (a >= 224) return "a multicast or reserved address";
  if (address === "100.100.100.200" || address === "168.63.129.16") return "a cloud metadata address";
  return null;
}

/** The eight 16-bit groups of an IPv6 literal (a trailing dotted quad and a zone id allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, quad.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0) return null;
  const groups = [...head, ...Array<string>(fill).fill("0"), ...tail].map((group) => Number.parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : null;
}

const quadOf = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** The IPv4 address an IPv6 one carries (mapped, compatible, SIIT, NAT64, 6to4), which the IPv4 rules then judge. */
function embeddedIpv4(groups: number[]): string | null {
  const [g0, g1, g2, , g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const zeroTo = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeroTo(5) && g5 === 0xffff) return quadOf(g6, g7); // ::ffff:a.b.c.d
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return quadOf(g6, g7); // ::ffff:0:a.b.c.d
  if (zeroTo(6) && (g6 !== 0 || g7 > 1)) return quadOf(g6, g7); // ::a.b.c.d (not :: or ::1)
  if (g0 === 0x64 && g1 === 0xff9b && (g2 === 0 || g2 === 1)) return quadOf(g6, g7); // 64:ff9b::/96, 64:ff9b:1::/48
  if (g0 === 0x2002) return quadOf(g1, g2); // 6to4
  return null;
}

function ipv6Refusal(address: string): string | null {
  const groups = ipv6Groups(address);
  if (!groups) return null;
  const carried = embeddedIpv4(groups);
  if (carried) return ipv4Refusal(carried);
  if (groups.every((group) => group === 0)) return 'an "any" address';
  if ((groups[0]! & 0xffc0) === 0xfe80) return "a link-local address";
  if (groups[0]! >> 8 === 0xff) return "a multicast address";
  if (groups[0] === 0xfd00 && groups[1] === 0xec2) return "a cloud metadata address";
  return null;
}

/** Why an address (IPv4 or IPv6 literal) may not receive alerts, or null. */
export function addressRefusal(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (family === 4) return ipv4Refusal(bare);
  if (family === 6) return ipv6Refusal(bare);
  return null;
}

/** Why `url` may not receive alerts judged from its text alone (scheme, a literal address, a metadata name), or null. */
export function urlRefusal(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "only http and https URLs receive alerts";
  const host = parsed.hostname.toLowerCase().replace(/\.$/, "");
  if (METADATA_HOST_NAMES.has(host)) return "a cloud metadata service";
  const refusal = addressRefusal(host);
  return refusal && `${refusal} cannot receive alerts`;
}

/** urlRefusal, then every address the name resolves to; a name that does not resolve is left to fail when sent. */
export async function receiverRefusal(url: string): Promise<string | null> {
  const fromText = urlRefusal(url);
  if (fromText) return fromText;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) return null;
  const addresses = await lookup(host, { all: true }).catch(() => []);
  for (const { address } of addresses) {
    const refusal = addressRefusal(address);
    if (refusal) return `${host} resolves to ${refusal}, which cannot receive alerts`;
  }
  return null;
}

/** How a receiver's URL appears in errors and logs: its origin only, since a path or query may carry a token. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === "/" && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return "(the channel's URL)";
  }
}
