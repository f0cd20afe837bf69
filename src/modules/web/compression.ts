// Compressed responses: which encoding a client accepts (brotli or gzip), which bodies are worth compressing, and a
// cache of the bundled UI's compressed files (they never change while the server runs).
import { brotliCompress, brotliCompressSync, constants as zlib } from "node:zlib";
import { promisify } from "node:util";

export type Encoding = "br" | "gzip";

/** Bodies smaller than this gain too little to pay for compressing (and the client for decompressing) them. */
export const MIN_COMPRESSED_BYTES = 1024;
/** Text formats the UI and the API send; images, archives and streams are left as they are. */
const COMPRESSIBLE_TYPE = /^(text\/(html|css|javascript|plain)|application\/(json|javascript)|image\/svg\+xml)\s*(;|$)/i;
/** Fast settings for bodies made per request (JSON): about as small as gzip -9 in a millisecond or two. */
const BROTLI_PER_REQUEST_QUALITY = 5;
const GZIP_PER_REQUEST_LEVEL = 6;
/** The UI's files are compressed once per server run, so they get the smallest output (brotli 11 takes ~0.5 s on the JS). */
const BROTLI_CACHED_QUALITY = 11;
const GZIP_CACHED_LEVEL = 9;
/** Of two encodings the client likes equally, the one that compresses better. */
const PREFERENCE: readonly Encoding[] = ["br", "gzip"];

const brotliCompressAsync = promisify(brotliCompress);

/**
 * The encoding to answer with for an Accept-Encoding header, or null for none: the accepted one with the highest
 * q-value, brotli before gzip on a tie; "*" stands for any encoding not named; q=0 refuses.
 */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(param)).find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (name) weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  let best: Encoding | null = null;
  let bestWeight = 0;
  for (const encoding of PREFERENCE) {
    const weight = weights.get(encoding) ?? weights.get("*") ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [encoding, weight];
  }
  return best;
}

/** True for a body of a text type and at least MIN_COMPRESSED_BYTES. */
export function worthCompressing(contentType: string | null, byteLength: number): boolean {
  return byteLength >= MIN_COMPRESSED_BYTES && contentType !== null && COMPRESSIBLE_TYPE.test(contentType);
}

/** `body` compressed with the fast per-request settings. */
export function compressNow(body: Uint8Array, encoding: Encoding): Uint8Array {
  if (encoding === "gzip") return Bun.gzipSync(body as Uint8Array<ArrayBuffer>, { level: GZIP_PER_REQUEST_LEVEL });
  return brotliCompressSync(body, brotliParams(BROTLI_PER_REQUEST_QUALITY, body.byteLength));
}

function brotliParams(quality: number, sizeHint: number) {
  return { params: { [zlib.BROTLI_PARAM_QUALITY]: quality, [zlib.BROTLI_PARAM_SIZE_HINT]: sizeHint, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT } };
}

/** Adds Accept-Encoding to a Vary header value (keeping what it names already). */
export function varyWithEncoding(vary: string | null | undefined): string {
  if (!vary) return "Accept-Encoding";
  if (vary.split(",").some((name) => name.trim().toLowerCase() === "accept-encoding" || name.trim() === "*")) return vary;
  return `${vary}, Accept-Encoding`;
}

/**
 * Compressed copies of bodies that do not change (the bundled UI), made once per body and encoding. The first request
 * for a brotli copy gets a fast one while the smallest is made off the main thread, then every later request gets that.
 */
export class CompressedCache {
  private readonly copies = new WeakMap<Uint8Array, Map<Encoding, Uint8Array>>();

  get(body: Uint8Array, encoding: Encoding): Uint8Array {
    let copies = this.copies.get(body);
    if (!copies) this.copies.set(body, (copies = new Map()));
    const cached = copies.get(encoding);
    if (cached) return cached;
    if (encoding === "gzip") {
      const smallest = Bun.gzipSync(body as Uint8Array<ArrayBuffer>, { level: GZIP_CACHED_LEVEL });
      copies.set(encoding, smallest);
      return smallest;
    }
    const quick = compressNow(body, encoding);
    copies.set(encoding, quick);
    const store = copies;
    brotliCompressAsync(body, brotliParams(BROTLI_CACHED_QUALITY, body.byteLength)).then(
      (smallest) => store.set(encoding, new Uint8Array(smallest.buffer, smallest.byteOffset, smallest.byteLength)),
      // The quick copy is as correct, only larger: keep serving it.
      () => undefined,
    );
    return quick;
  }
}
