// What a watermark upload may be. Constants with no Bun, Node or DOM imports: the server checks them and the browser
// UI imports them to say so.
/** The image types tgcf's watermark can use, by Content-Type, with the file extension each is stored under. */
export const WATERMARK_TYPES = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
} as const;

export type WatermarkType = keyof typeof WATERMARK_TYPES;

/** Largest watermark image the upload route accepts: 5 MiB. */
export const MAX_WATERMARK_BYTES = 5 * 1024 * 1024;
/** What the UI tells people: the route's own limit, which the server's early size check lets through (app.ts). */
export const UPLOADABLE_WATERMARK_BYTES = MAX_WATERMARK_BYTES;

/** The route a watermark is sent to, relative to the server's root (the UI prefixes nothing: it works under a sub-path). */
export const WATERMARK_UPLOAD_PATH = "api/uploads/watermark";
/** The same route as the router sees it. */
export const WATERMARK_ROUTE = `/${WATERMARK_UPLOAD_PATH}`;
