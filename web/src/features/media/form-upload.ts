/**
 * A multipart form POSTed with upload progress (XMLHttpRequest: fetch reports none), with the
 * session cookie and CSRF header like every API call. For the handwritten notes upload
 * (`POST /api/v1/handwritten/documents`, field `files`) and caption files.
 */
import { CSRF_HEADER, readCsrfToken } from "../../api/csrf";
import { ApiError, NETWORK_ERROR, toApiError } from "../../api/errors";
import { sessionEndReason, sessionEvents } from "../../api/session-events";
import { ABORTED, type UploadProgress } from "../../api/upload";

export function postForm<T>(url: string, form: FormData, { onProgress, signal }: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ApiError(0, { code: ABORTED, message: "The upload was cancelled." }));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json");
    // No Content-Type: the browser writes the multipart boundary.
    const token = readCsrfToken();
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
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
    xhr.send(form);
  });
}

/** The notes upload's form: every file under `files`, in page order. */
export function notesForm(files: readonly File[]): FormData {
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  return form;
}
