// Turns every error into the API's one JSON shape, { error, details? }, with the right status.
import { Elysia } from "elysia";
import { ApiError, type FieldError } from "./api-error";
import type { Logger } from "./logger";

interface ValidationIssue {
  path?: string;
  message?: string;
  summary?: string;
}

function validationDetails(error: unknown): FieldError[] {
  const all = (error as { all?: ValidationIssue[] }).all ?? [];
  return all.map((issue) => ({ path: issue.path ?? "", message: issue.summary ?? issue.message ?? "is not valid" }));
}

export const errorHandler = (logger: Logger) =>
  new Elysia({ name: "error-handler" }).onError({ as: "global" }, ({ code, error, set }) => {
    set.headers["content-type"] = "application/json; charset=utf-8";
    if (error instanceof ApiError) {
      set.status = error.status;
      Object.assign(set.headers, error.headers);
      return error.toBody();
    }
    switch (code) {
      case "VALIDATION":
        set.status = 422;
        return { error: "the request is not valid", details: validationDetails(error) };
      case "NOT_FOUND":
        set.status = 404;
        return { error: "not found" };
      case "PARSE":
        set.status = 400;
        return { error: "the request body could not be parsed: send valid JSON" };
      default:
        logger.error(`unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        set.status = 500;
        return { error: "internal error: see the server log" };
    }
  });
