// The one way the UI talks to the server: relative URLs (works under a reverse proxy's sub-path), JSON errors as ApiFailure.

export interface FieldError {
  /** JSON pointer of the field, "" for the whole config. */
  path: string;
  message: string;
}

/** An answer other than 2xx, or no answer at all (status 0). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
    readonly headers?: Headers,
  ) {
    super(message);
  }

  /** The field errors of a 422 (details as [{path, message}]), else []. */
  get fieldErrors(): FieldError[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (item): item is FieldError => typeof item?.path === "string" && typeof item?.message === "string",
    );
  }
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

export interface RequestOptions {
  method?: string;
  /** Sent as JSON unless `contentType` says otherwise and the body is a string. */
  body?: unknown;
  contentType?: string;
  ifMatch?: string | null;
  accept?: string;
  /** Do not report a 401 to the sign-in handler (the sign-in request itself). */
  quietUnauthorized?: boolean;
}

let onUnauthorized: () => void = () => {};
/** Counts sign-ins: a 401 to a request sent before the latest sign-in says nothing about the new session. */
let sessionEpoch = 0;

/** Marks a new session (after a successful sign-in), so late 401s to requests sent before it are not reported. */
export function beginSession(): void {
  sessionEpoch += 1;
}

/** Called on every 401: the app shows the sign-in form (and keeps unsaved edits). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Sends a request to `path` (relative, e.g. "api/config") and returns its parsed answer; throws ApiFailure otherwise. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers = new Headers({ accept: options.accept ?? "application/json" });
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    const raw = typeof options.body === "string" && options.contentType;
    body = raw ? (options.body as string) : JSON.stringify(options.body);
    headers.set("content-type", options.contentType ?? "application/json");
  }
  if (options.ifMatch) headers.set("if-match", options.ifMatch);
  const epoch = sessionEpoch;
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? "GET", headers, body, credentials: "same-origin" });
  } catch {
    throw new ApiFailure(0, "Cannot reach the server: check that tgcf-server is running and your network.");
  }
  const type = response.headers.get("content-type") ?? "";
  const payload: unknown = type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (response.ok) return { data: payload as T, headers: response.headers };
  const error = payload as { error?: string; details?: unknown } | null;
  const message = typeof error?.error === "string" ? error.error : `The server answered ${response.status}.`;
  if (response.status === 401 && !options.quietUnauthorized && epoch === sessionEpoch) onUnauthorized();
  throw new ApiFailure(response.status, message, error?.details, response.headers);
}
