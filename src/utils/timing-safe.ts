import { createHash, timingSafeEqual } from "node:crypto";

function digestOf(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** A secret checked in constant time against candidates (both hashed to 32 bytes, so lengths leak nothing); its own digest is computed once. */
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
