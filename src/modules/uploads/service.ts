// Storing an uploaded watermark image in the data dir, where tgcf (which runs there) finds it by a relative path.
// The bytes must be the image type they claim to be; the file is written atomically, 0600, never through a link.
import { unlink } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "../../utils/atomic-write";
import { ensureRealDir } from "../../utils/safe-fs";
import { MAX_WATERMARK_BYTES, WATERMARK_TYPES, type WatermarkType } from "./limits";

/** Uploads live in their own directory of the data dir, private like the rest of it. */
export const UPLOADS_DIR = "uploads";
const UPLOADS_DIR_MODE = 0o700;
const UPLOADED_FILE_MODE = 0o600;
const WATERMARK_BASENAME = "watermark";

/** The leading bytes ("magic numbers") that begin a file of each type; WebP's are at two places of its RIFF header. */
const SIGNATURES: Record<WatermarkType, ReadonlyArray<{ offset: number; bytes: readonly number[] }>> = {
  "image/png": [{ offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }],
  "image/jpeg": [{ offset: 0, bytes: [0xff, 0xd8, 0xff] }],
  "image/gif": [{ offset: 0, bytes: [...Buffer.from("GIF8")] }],
  "image/webp": [
    { offset: 0, bytes: [...Buffer.from("RIFF")] },
    { offset: 8, bytes: [...Buffer.from("WEBP")] },
  ],
};

export type UploadProblem = "unsupported-type" | "too-large" | "not-that-type" | "empty";

/** An upload the server will not store, and why (index.ts maps each reason to its HTTP status). */
export class UploadRefused extends Error {
  constructor(
    readonly problem: UploadProblem,
    message: string,
  ) {
    super(message);
    this.name = "UploadRefused";
  }
}

const TYPE_LIST = Object.keys(WATERMARK_TYPES).join(", ");

/** The accepted type a Content-Type header names ("image/png; x=y" → image/png); UploadRefused otherwise. */
export function watermarkTypeOf(contentType: string | null): WatermarkType {
  const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType in WATERMARK_TYPES) return mediaType as WatermarkType;
  throw new UploadRefused("unsupported-type", `send the image itself as the body, with Content-Type ${TYPE_LIST} (got ${mediaType || "none"})`);
}

/** True when `bytes` begin as a file of `type` does. */
export function hasSignatureOf(type: WatermarkType, bytes: Uint8Array): boolean {
  return SIGNATURES[type].every(({ offset, bytes: expected }) => expected.every((byte, index) => bytes[offset + index] === byte));
}

/** Reads a body up to `maxBytes`, refusing it (too-large) as soon as it passes them, whatever length it declared. */
export async function readLimited(body: ReadableStream<Uint8Array> | null, maxBytes = MAX_WATERMARK_BYTES): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function tooLarge(): UploadRefused {
  return new UploadRefused("too-large", `the image is too large: at most ${MAX_WATERMARK_BYTES / 1024 / 1024} MiB`);
}

export interface StoredUpload {
  /** Relative to the data dir, with forward slashes: what tgcf (running there) is given. */
  path: string;
  type: WatermarkType;
  bytes: number;
}

/**
 * Checks the image and stores it as <dataDir>/uploads/watermark.<ext>, replacing an earlier watermark of any type.
 * Throws UploadRefused for an empty body or bytes that are not the declared type.
 */
export async function saveWatermark(dataDir: string, type: WatermarkType, image: Uint8Array): Promise<StoredUpload> {
  if (image.byteLength === 0) throw new UploadRefused("empty", "the body is empty: send the image file's bytes");
  if (image.byteLength > MAX_WATERMARK_BYTES) throw tooLarge();
  if (!hasSignatureOf(type, image)) throw new UploadRefused("not-that-type", `the file is not a ${type} image (its first bytes say otherwise): check the file, or send its real type`);
  const directory = join(dataDir, UPLOADS_DIR);
  ensureRealDir(directory, UPLOADS_DIR_MODE);
  const extension = WATERMARK_TYPES[type];
  const name = `${WATERMARK_BASENAME}.${extension}`;
  await writeFileAtomically(join(directory, name), image, { mode: UPLOADED_FILE_MODE });
  // An earlier watermark of another type is no longer the one in use. Unlinking removes a link itself, never its target.
  for (const other of new Set(Object.values(WATERMARK_TYPES))) {
    if (other === extension) continue;
    await unlink(join(directory, `${WATERMARK_BASENAME}.${other}`)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  return { path: `${UPLOADS_DIR}/${name}`, type, bytes: image.byteLength };
}
