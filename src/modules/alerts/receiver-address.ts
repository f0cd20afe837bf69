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
  if (address === "100.100.100.200") return "a cloud metadata address";
  return null;
}

function ipv6Refusal(address: string): string | null {
  const lower = address.toLowerCase().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return ipv4Refusal(mapped[1]!);
  // URL parsing writes an IPv4-mapped address in hex: [::ffff:a9fe:a9fe] is 169.254.169.254.
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const [high, low] = [parseInt(mappedHex[1]!, 16), parseInt(mappedHex[2]!, 16)];
    return ipv4Refusal(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  if (lower === "::") return 'an "any" address';
  if (/^fe[89ab]/.test(lower)) return "a link-local address";
  if (lower.startsWith("ff")) return "a multicast address";
  if (lower.startsWith("fd00:ec2:")) return "a cloud metadata address";
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
