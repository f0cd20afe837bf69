// Compresses the API's JSON answers for clients that accept brotli or gzip. Registered before the routes (Elysia hooks
// reach only the routes added after them). Left alone: small bodies, streams and downloads that are not JSON,
// WebSocket upgrades, HEAD, answers without a body, and anything already encoded. Status and headers (ETag included:
// it names the config's content, which a save's If-Match compares, not the bytes on the wire) stay as the route set them.
import { Elysia } from "elysia";
import { compressNow, negotiateEncoding, varyWithEncoding, worthCompressing, type Encoding } from "./compression";

const JSON_TYPE = "application/json";
/** Statuses whose answers carry no body, or only part of one. */
const NO_WHOLE_BODY = new Set([101, 204, 205, 206, 304]);

type HeaderRecord = Record<string, string | number | string[] | undefined>;

function headerOf(headers: HeaderRecord, name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : String(value);
}

/** Whether a value is one Elysia sends as JSON: a plain object or an array (not a Response, file, stream or generator). */
function isJsonValue(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function compressedResponse(body: Uint8Array, encoding: Encoding, status: number, headers: Headers): Response {
  headers.set("content-encoding", encoding);
  headers.set("vary", varyWithEncoding(headers.get("vary")));
  headers.delete("content-length");
  return new Response(compressNow(body, encoding) as Uint8Array<ArrayBuffer>, { status, headers });
}

/**
 * A JSON Response a route built itself (GET api/config, with its ETag), compressed; undefined, decided without
 * waiting, to leave it (Elysia does not await a hook that is not async, and a promise of undefined would be the answer).
 */
function compressJsonResponse(response: Response, encoding: Encoding | null): Response | Promise<Response> | undefined {
  const type = response.headers.get("content-type");
  if (!type?.toLowerCase().startsWith(JSON_TYPE) || response.headers.has("content-encoding") || NO_WHOLE_BODY.has(response.status)) return undefined;
  // A copy of the headers: a Response's own may be immutable.
  const headers = new Headers(response.headers);
  headers.set("vary", varyWithEncoding(headers.get("vary")));
  if (!encoding) return new Response(response.body, { status: response.status, headers });
  return response.arrayBuffer().then((buffer) => {
    const body = new Uint8Array(buffer);
    if (!worthCompressing(type, body.byteLength)) return new Response(body, { status: response.status, headers });
    return compressedResponse(body, encoding, response.status, headers);
  });
}

/** The compressed answer for a route's value, or undefined to leave it as it is. */
function compressedAnswer(request: Request, responseValue: unknown, set: { status?: number | string; headers: HeaderRecord }): Response | Promise<Response> | undefined {
  if (request.method === "HEAD" || request.headers.get("upgrade")) return;
  const status = typeof set.status === "number" ? set.status : 200;
  if (NO_WHOLE_BODY.has(status)) return;
  const encoding = negotiateEncoding(request.headers.get("accept-encoding"));
  if (responseValue instanceof Response) return compressJsonResponse(responseValue, encoding);
  if (!isJsonValue(responseValue)) return;
  const headers = set.headers;
  const type = headerOf(headers, "content-type") ?? JSON_TYPE;
  if (!type.toLowerCase().startsWith(JSON_TYPE) || headerOf(headers, "content-encoding")) return;
  const body = new TextEncoder().encode(JSON.stringify(responseValue));
  if (!worthCompressing(type, body.byteLength)) return;
  // The same URL answers differently by Accept-Encoding, so caches must key on it even when this answer is plain.
  headers.vary = varyWithEncoding(headerOf(headers, "vary"));
  if (!encoding) return;
  return compressedResponse(body, encoding, status, new Headers({ "content-type": type, vary: String(headers.vary) }));
}

export const compressResponses = () =>
  new Elysia({ name: "compress-responses" }).mapResponse({ as: "global" }, (context) => {
    const answer = compressedAnswer(context.request, context.responseValue, context.set as { status?: number | string; headers: HeaderRecord });
    if (answer !== undefined) return answer;
    // Elysia 1.4's handler for errors raised outside a route (the guard's 401 and the body limit's 413 in onRequest,
    // 404) takes this hook's result as the answer even when it is undefined: there, hand back what came in.
    return "error" in context ? (context.responseValue as Response) : undefined;
  });
