import { createHash, timingSafeEqual } from "node:crypto";

function digestOf(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Compares two secrets in constant time, whatever their lengths (both are hashed to 32 bytes first). */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  return timingSafeEqual(digestOf(a), digestOf(b));
}

/** A secret checked in constant time against candidates; its own digest is computed once. */
export class SecretMatcher {
  private readonly digest: Buffer;

  constructor(secret: string) {
    this.digest = digestOf(secret);
  }

  matches(candidate: string): boolean {
    return timingSafeEqual(digestOf(candidate), this.digest);
  }
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
