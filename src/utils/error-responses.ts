// The documented error shape, reused by every route's response schema.
import { t } from "elysia";

export const ErrorBodySchema = t.Object(
  {
    error: t.String({ description: "what went wrong and, where possible, what to do" }),
    details: t.Optional(t.Unknown({ description: "structured detail, e.g. [{path, message}] for validation errors" })),
  },
  { description: "Every error of the API has this shape" },
);

/** Response schemas for the given error statuses, for the API docs. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBodySchema]));
}
