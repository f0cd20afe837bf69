// Upload routes: POST api/uploads/watermark stores the image the watermark plugin puts on forwarded media.
import { Elysia, t } from "elysia";
import { ApiError } from "../../utils/api-error";
import { errorResponses } from "../../utils/error-responses";
import { readsOwnBody } from "../../utils/body-limit";
import { RefusedPathError } from "../../utils/safe-fs";
import { MAX_WATERMARK_BYTES, WATERMARK_TYPES } from "./limits";
import type { RouteScope } from "../instances/scope";
import { readLimited, saveWatermark, tooLarge, UploadRefused, watermarkTypeOf, type UploadProblem } from "./service";

/** Each refusal's HTTP status: the one place upload problems become statuses. */
const PROBLEM_STATUS: Record<UploadProblem, number> = {
  "unsupported-type": 415,
  "too-large": 413,
  "not-that-type": 422,
  empty: 400,
};

function asApiError(error: unknown): unknown {
  if (error instanceof UploadRefused) return new ApiError(PROBLEM_STATUS[error.problem], error.message);
  // A link planted in the data dir: say which entry to remove (as the config store does).
  if (error instanceof RefusedPathError) return new ApiError(500, error.message);
  return error;
}

const StoredUploadSchema = t.Object({
  path: t.String({ description: "where the image is, relative to the data dir (where tgcf runs): put it in plugins.mark.image" }),
  type: t.String({ description: "its Content-Type" }),
  bytes: t.Integer({ description: "its size" }),
});

/** The scope hands each request the data dir of the instance it addresses (where its tgcf runs). */
export const uploadRoutes = (scope: RouteScope<string>) =>
  new Elysia({ name: "upload-routes", seed: scope.key }).post(
    `${scope.base}/uploads/watermark`,
    async ({ request, params }) => {
      const dataDir = scope.pick(params);
      try {
        const type = watermarkTypeOf(request.headers.get("content-type"));
        if (Number(request.headers.get("content-length") ?? 0) > MAX_WATERMARK_BYTES) throw tooLarge();
        return await saveWatermark(dataDir, type, await readLimited(request.body));
      } catch (error) {
        throw asApiError(error);
      }
    },
    {
      // The body is the image itself, read here with its own limit; nothing else parses it.
      parse: readsOwnBody,
      response: { 200: StoredUploadSchema, ...errorResponses(400, 401, 403, 413, 415, 422, 500) },
      detail: scope.docs({
        tags: ["uploads"],
        summary: `Store the watermark image (the raw file as the body: ${Object.keys(WATERMARK_TYPES).join(", ")}; at most ${MAX_WATERMARK_BYTES / 1024 / 1024} MiB); answers its path for plugins.mark.image`,
        requestBody: {
          required: true,
          content: Object.fromEntries(Object.keys(WATERMARK_TYPES).map((type) => [type, { schema: { type: "string", format: "binary" } }])),
        },
      }, "/uploads/watermark"),
    },
  );
