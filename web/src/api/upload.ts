import { CSRF_HEADER, readCsrfToken } from "./csrf";
import { ApiError, NETWORK_ERROR, toApiError } from "./errors";
import { sessionEndReason, sessionEvents } from "./session-events";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadRequest {
  method: "POST" | "PUT";
  /** Path and query, e.g. `/api/v1/mentor/profile/documents?filename=cv.pdf`. */
  url: string;
  file: Blob;
  /** Defaults to the file's own type. */
  contentType?: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export const ABORTED = "upload_aborted";

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Sends a file as the raw request body. XMLHttpRequest rather than fetch because only it reports
 * upload progress. Same contract as `unwrap`: resolves with the parsed JSON body or rejects with
 * an {@link ApiError}; the CSRF header and the lost-session signal work as for every other call.
 */
export function uploadFile<T>({ method, url, file, contentType, onProgress, signal }: UploadRequest): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ApiError(0, { code: ABORTED, message: "The upload was cancelled." }));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", contentType || file.type || "application/octet-stream");
    const token = readCsrfToken();
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);

    xhr.upload.onprogress = (event) => {
      onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.({ loaded: file.size, total: file.size });
        resolve(body as T);
        return;
      }
      const error = toApiError(xhr.status, body);
      if (xhr.status === 401) {
        const reason = sessionEndReason(error.code);
        if (reason) sessionEvents.emit({ reason, code: error.code });
      }
      reject(error);
    };
    xhr.onerror = () => reject(new ApiError(0, { code: NETWORK_ERROR, message: "The server could not be reached." }));
    xhr.onabort = () => reject(new ApiError(0, { code: ABORTED, message: "The upload was cancelled." }));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** `path?filename=…&…` with every value encoded. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, value);
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
