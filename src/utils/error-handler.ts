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
    // An ApiError thrown while parsing (the body limit) reaches here wrapped in Elysia's ParseError.
    const cause = (error as { cause?: unknown }).cause;
    const apiError = error instanceof ApiError ? error : code === "PARSE" && cause instanceof ApiError ? cause : null;
    if (apiError) {
      set.status = apiError.status;
      Object.assign(set.headers, apiError.headers);
      return apiError.toBody();
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
