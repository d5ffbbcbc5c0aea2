import type { ErrorBody } from "./types";

export const NETWORK_ERROR = "network_error";

/** A failed API call, carrying the server's stable error code and any per-field problems. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | null;
  readonly requestId: string | null;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? null;
    this.requestId = body.request_id ?? null;
  }

  /** `details.fields`: field name -> the server's message about it. */
  get fields(): Record<string, string> {
    const fields = this.details?.fields;
    if (!fields || typeof fields !== "object") return {};
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof value === "string") out[key] = value;
    }
    return out;
  }

  get retryAfterSeconds(): number | null {
    const value = this.details?.retry_after_seconds;
    return typeof value === "number" ? value : null;
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

export function toApiError(status: number, error: unknown): ApiError {
  if (isErrorBody(error)) return new ApiError(status, error);
  const code =
    status === 0 ? NETWORK_ERROR : status >= 500 ? "internal_error" : `http_${status}`;
  return new ApiError(status, { code, message: `The request failed (${status}).` });
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an {@link ApiError}: the one way
 * screens learn about failures (network errors included).
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(0, {
      code: NETWORK_ERROR,
      message: "The server could not be reached.",
    });
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error);
  return result.data as T;
}
