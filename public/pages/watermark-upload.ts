// Sending a watermark image to the server (POST api/uploads/watermark, the file itself as the body).
import { instanceApi } from "../state/instance.ts";
import { UPLOADABLE_WATERMARK_BYTES, WATERMARK_TYPES, WATERMARK_UPLOAD_PATH } from "../../src/modules/uploads/limits.ts";
import type { StoredUpload } from "../../src/modules/uploads/service.ts";

export type UploadResult = { ok: true; stored: StoredUpload } | { ok: false; problem: string };

/** For the file input's accept attribute. */
export const ACCEPTED_IMAGE_TYPES = Object.keys(WATERMARK_TYPES).join(",");
const MEBIBYTE = 1024 * 1024;

/** Why `file` cannot be a watermark, checked before sending it (the server checks again), or null. */
export function localProblem(file: File): string | null {
  if (!(file.type in WATERMARK_TYPES)) return `${file.name} is not a PNG, JPEG, GIF or WebP image. Choose an image file.`;
  if (file.size > UPLOADABLE_WATERMARK_BYTES) return `${file.name} is ${(file.size / MEBIBYTE).toFixed(1)} MiB: the watermark may be at most ${UPLOADABLE_WATERMARK_BYTES / MEBIBYTE} MiB.`;
  if (file.size === 0) return `${file.name} is empty.`;
  return null;
}

export async function uploadWatermark(file: File): Promise<UploadResult> {
  const problem = localProblem(file);
  if (problem) return { ok: false, problem };
  let response: Response;
  try {
    response = await fetch(instanceApi(WATERMARK_UPLOAD_PATH), { method: "POST", body: file, headers: { "content-type": file.type, accept: "application/json" }, credentials: "same-origin" });
  } catch {
    return { ok: false, problem: "Cannot reach the server: check that tgcf-server is running and your network." };
  }
  const answer = (await response.json().catch(() => null)) as (StoredUpload & { error?: string }) | null;
  if (response.ok && answer?.path) return { ok: true, stored: answer };
  if (response.status === 401) return { ok: false, problem: "Your session has ended: sign in again, then upload the image again." };
  return { ok: false, problem: answer?.error ? `The server refused the image: ${answer.error}.` : `The upload failed (the server answered ${response.status}).` };
}
