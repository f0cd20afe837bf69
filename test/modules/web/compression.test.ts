// Which encoding a client gets, which bodies are compressed, and the cache of the UI's compressed files.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { CompressedCache, compressNow, MIN_COMPRESSED_BYTES, negotiateEncoding, varyWithEncoding, worthCompressing } from "../../../src/modules/web/compression";

const CSS_DIR = join(import.meta.dir, "../../../public/css");
/** Real text of the UI (its stylesheets), so sizes compare as they would in use. */
const TEXT = new Uint8Array(Buffer.concat(readdirSync(CSS_DIR).map((name) => readFileSync(join(CSS_DIR, name)))));

describe("negotiateEncoding", () => {
  test("prefers brotli to gzip when both are accepted equally, as browsers send them", () => {
    expect(negotiateEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(negotiateEncoding("gzip")).toBe("gzip");
  });

  test("follows q-values, and q=0 refuses an encoding", () => {
    expect(negotiateEncoding("br;q=0.5, gzip")).toBe("gzip");
    expect(negotiateEncoding("br;q=0, gzip;q=0.1")).toBe("gzip");
    expect(negotiateEncoding("gzip;q=0")).toBeNull();
  });

  test("gives nothing without a header, for identity, and for encodings it does not make", () => {
    expect(negotiateEncoding(null)).toBeNull();
    expect(negotiateEncoding("")).toBeNull();
    expect(negotiateEncoding("identity")).toBeNull();
    expect(negotiateEncoding("deflate, zstd")).toBeNull();
  });

  test("a wildcard accepts what is not named", () => {
    expect(negotiateEncoding("*")).toBe("br");
    expect(negotiateEncoding("br;q=0, *")).toBe("gzip");
  });
});

describe("worthCompressing", () => {
  test("HTML, JS, CSS and JSON of at least the minimum size", () => {
    for (const type of ["text/html;charset=utf-8", "text/javascript;charset=utf-8", "text/css", "application/json; charset=utf-8"]) {
      expect(worthCompressing(type, MIN_COMPRESSED_BYTES)).toBe(true);
      expect(worthCompressing(type, MIN_COMPRESSED_BYTES - 1)).toBe(false);
    }
  });

  test("not images, archives or unknown types", () => {
    for (const type of ["image/png", "application/gzip", "application/octet-stream", null]) expect(worthCompressing(type, 100_000)).toBe(false);
  });
});

test("varyWithEncoding adds Accept-Encoding once, keeping what Vary named", () => {
  expect(varyWithEncoding(undefined)).toBe("Accept-Encoding");
  expect(varyWithEncoding("Origin")).toBe("Origin, Accept-Encoding");
  expect(varyWithEncoding("Origin, accept-encoding")).toBe("Origin, accept-encoding");
});

test("compressed bodies decompress to the original", () => {
  expect(Bun.gunzipSync(compressNow(TEXT, "gzip") as Uint8Array<ArrayBuffer>)).toEqual(TEXT);
  expect(new Uint8Array(brotliDecompressSync(compressNow(TEXT, "br")))).toEqual(TEXT);
});

test("the cache makes each copy once, then upgrades brotli to its smallest copy", async () => {
  const cache = new CompressedCache();
  const gzip = cache.get(TEXT, "gzip");
  expect(cache.get(TEXT, "gzip")).toBe(gzip);
  const quick = cache.get(TEXT, "br");
  let best = cache.get(TEXT, "br");
  for (let tries = 0; best === quick && tries < 100; tries++) {
    await Bun.sleep(10);
    best = cache.get(TEXT, "br");
  }
  expect(best).not.toBe(quick);
  expect(best.byteLength).toBeLessThanOrEqual(quick.byteLength);
  expect(new Uint8Array(brotliDecompressSync(best))).toEqual(TEXT);
});
