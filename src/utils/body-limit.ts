import { ApiError } from "./api-error";

/** Largest request body the API reads. Bun's own cap (in app.ts) sits above it so over-long bodies still get a JSON 413 from here. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function tooLarge(limit = MAX_BODY_BYTES): ApiError {
  return new ApiError(413, `request body too large: at most ${limit} bytes`);
}

/** Refuses a request whose declared length is over `limit`, before its body is read. */
export function checkDeclaredLength(request: Request, limit = MAX_BODY_BYTES): void {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
}

/** Bodies already read (by the app's parse hook), so a route that reads its body itself gets the same text. */
const bodiesRead = new WeakMap<Request, string>();

/**
 * The parse option of a route that reads its body itself. Unlike "none", it leaves the app's own parse hook in
 * place (which holds bodies without a length to the limit); readBodyText then hands the route what that hook read.
 */
export const readsOwnBody = (): null => null;

/** Reads a body as text, refusing it once it passes the limit (also for chunked bodies without a length). */
export async function readBodyText(request: Request): Promise<string> {
  const read = bodiesRead.get(request);
  if (read !== undefined) return read;
  checkDeclaredLength(request);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
  bodiesRead.set(request, text);
  return text;
}

/** A JSON body's value; ApiError 400 when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new ApiError(400, "the request body is empty: send a JSON value");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `the request body is not valid JSON: ${(error as Error).message}`);
  }
}
