// Parsed request bodies nested deeper than any real request are refused before Elysia validates them: building its
// validation error pretty-prints the value, which for a 180 KB body nested 30,000 deep blocked the server for seconds
// and took gigabytes (found by attacking POST /api/login, the one public route with a body).
import { ApiError } from "./api-error";
import { MAX_NESTING_DEPTH } from "../modules/config/parse-limits";

/** Throws ApiError 400 when `body` nests objects or arrays deeper than MAX_NESTING_DEPTH. Iterative: no recursion. */
export function assertBodyDepth(body: unknown): void {
  if (body === null || typeof body !== "object") return;
  const pending: Array<[unknown, number]> = [[body, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (depth > MAX_NESTING_DEPTH) throw new ApiError(400, `the request body is nested deeper than ${MAX_NESTING_DEPTH} levels`);
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === "object") pending.push([child, depth + 1]);
  }
}
