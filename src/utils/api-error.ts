// The one error shape of the whole API: { error, details? } with an HTTP status.

export interface ErrorBody {
  error: string;
  details?: unknown;
}

/** Thrown anywhere below a route; the app's error handler turns it into JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): ErrorBody {
    return this.details === undefined ? { error: this.message } : { error: this.message, details: this.details };
  }
}

/** One validation problem, addressed by a JSON pointer into the document. */
export interface FieldError {
  path: string;
  message: string;
}
