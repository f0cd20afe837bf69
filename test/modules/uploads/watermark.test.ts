// POST api/uploads/watermark on the real server: the type, the size and the first bytes are checked, and a good image
// lands in <dataDir>/uploads/ (0600, atomically, never through a link) with its path answered for plugins.mark.image.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_WATERMARK_BYTES, WATERMARK_TYPES } from "../../../src/modules/uploads/limits";
import { hasSignatureOf, readLimited, saveWatermark, UploadRefused } from "../../../src/modules/uploads/service";
import { startTestServer, tempDir, type TestServer } from "../../helpers/server";

/** The smallest valid PNG: one transparent pixel. */
export const ONE_PIXEL_PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);
const JPEG_START = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const GIF_START = Uint8Array.from(Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"));
const WEBP_START = Uint8Array.from([...Buffer.from("RIFF"), 0x1a, 0, 0, 0, ...Buffer.from("WEBPVP8L"), 0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
});

function upload(body: BodyInit, contentType: string, headers: Record<string, string> = {}) {
  return server.api("/api/uploads/watermark", { method: "POST", headers: { "content-type": contentType, ...headers }, body });
}

const uploadsDir = () => join(server.dataDir, "uploads");

describe("POST /api/uploads/watermark", () => {
  test("a PNG is stored as uploads/watermark.png, 0600, and its path relative to the data dir is answered", async () => {
    const response = await upload(ONE_PIXEL_PNG, "image/png");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: "uploads/watermark.png", type: "image/png", bytes: ONE_PIXEL_PNG.byteLength });
    const stored = join(server.dataDir, "uploads/watermark.png");
    expect(new Uint8Array(readFileSync(stored))).toEqual(ONE_PIXEL_PNG);
    expect(lstatSync(stored).mode & 0o777).toBe(0o600);
    expect(lstatSync(uploadsDir()).mode & 0o777).toBe(0o700);
    expect(readdirSync(uploadsDir()).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  test("a new watermark of another type replaces the earlier one", async () => {
    expect((await upload(ONE_PIXEL_PNG, "image/png")).status).toBe(200);
    const response = await upload(JPEG_START, "image/jpeg");
    expect(response.status).toBe(200);
    expect((await response.json()).path).toBe("uploads/watermark.jpg");
    expect(readdirSync(uploadsDir()).sort()).toEqual(["watermark.jpg"]);
  });

  test("a type other than PNG, JPEG, GIF or WebP: 415 naming the accepted types", async () => {
    for (const type of ["text/plain", "application/json", "image/svg+xml", "multipart/form-data; boundary=x"]) {
      const response = await upload("<svg/>", type);
      expect(response.status).toBe(415);
      expect((await response.json()).error).toContain("image/png");
    }
  });

  test("bytes that are not the declared type: 422, nothing stored", async () => {
    rmSync(uploadsDir(), { recursive: true, force: true });
    const response = await upload(JPEG_START, "image/png");
    expect(response.status).toBe(422);
    expect((await response.json()).error).toContain("image/png");
    expect(existsSync(join(uploadsDir(), "watermark.png"))).toBe(false);
  });

  test("an image over the limit: 413, nothing stored", async () => {
    rmSync(uploadsDir(), { recursive: true, force: true });
    const huge = new Uint8Array(MAX_WATERMARK_BYTES + 1);
    huge.set(ONE_PIXEL_PNG);
    const response = await upload(huge, "image/png");
    expect(response.status).toBe(413);
    expect(existsSync(join(uploadsDir(), "watermark.png"))).toBe(false);
  });

  test("an image between the API's 1 MiB body limit and the upload's 5 MiB is stored", async () => {
    rmSync(uploadsDir(), { recursive: true, force: true });
    const large = new Uint8Array(3 * 1024 * 1024);
    large.set(ONE_PIXEL_PNG);
    const response = await upload(large, "image/png");
    expect(response.status).toBe(200);
    expect(statSync(join(uploadsDir(), "watermark.png")).size).toBe(large.length);
  });

  test("an empty body: 400", async () => {
    expect((await upload(new Uint8Array(), "image/png")).status).toBe(400);
  });

  test("a symbolic link in place of the uploads directory is refused, not followed", async () => {
    rmSync(uploadsDir(), { recursive: true, force: true });
    const elsewhere = tempDir("tgcf-upload-elsewhere-");
    try {
      symlinkSync(elsewhere, uploadsDir());
      const response = await upload(ONE_PIXEL_PNG, "image/png");
      expect(response.status).toBe(500);
      expect((await response.json()).error).toContain("symbolic link");
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(uploadsDir(), { force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test("without credentials: 401", async () => {
    const response = await fetch(server.url + "/api/uploads/watermark", { method: "POST", headers: { "content-type": "image/png" }, body: ONE_PIXEL_PNG });
    expect(response.status).toBe(401);
  });
});

describe("the checks, on their own", () => {
  test("each accepted type is known by its first bytes, and only by its own", () => {
    const samples = { "image/png": ONE_PIXEL_PNG, "image/jpeg": JPEG_START, "image/gif": GIF_START, "image/webp": WEBP_START };
    for (const type of Object.keys(WATERMARK_TYPES) as Array<keyof typeof samples>) {
      for (const [sampleType, bytes] of Object.entries(samples)) expect(hasSignatureOf(type, bytes)).toBe(sampleType === type);
    }
  });

  test("a body is refused as soon as it passes the limit, even one that declares no length", async () => {
    const chunks = [new Uint8Array(600), new Uint8Array(600)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const refusal = await readLimited(stream, 1_000).catch((error) => error);
    expect(refusal).toBeInstanceOf(UploadRefused);
    expect((refusal as UploadRefused).problem).toBe("too-large");
  });

  test("saveWatermark writes into a data dir of its own, creating uploads/", async () => {
    const dataDir = tempDir("tgcf-upload-service-");
    try {
      mkdirSync(join(dataDir, "unrelated"));
      writeFileSync(join(dataDir, "unrelated", "keep"), "x");
      const stored = await saveWatermark(dataDir, "image/gif", GIF_START);
      expect(stored).toEqual({ path: "uploads/watermark.gif", type: "image/gif", bytes: GIF_START.byteLength });
      expect(new Uint8Array(readFileSync(join(dataDir, stored.path)))).toEqual(GIF_START);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
