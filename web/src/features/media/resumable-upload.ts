/**
 * A resumable multipart upload of one file, straight to storage: the API hands out one target
 * per part (an S3 presigned URL, or the API's own chunk endpoint on local files), the browser
 * PUTs the bytes there and the API assembles the parts on `complete`.
 *
 *   const result = await uploadResumable(file, { api, contentType, signal, onProgress });
 *
 * - `api` ({@link MultipartApi}) is injected: the integrator binds it to the generated client.
 * - Parts the server already has (`api.get`) are skipped, so calling it again after a pause, a
 *   dropped connection or a reload continues where it stopped: the upload id is remembered in
 *   localStorage under the file's name, size and lastModified ({@link resumeKey}) until it
 *   completes or is discarded.
 * - Three parts at a time over XMLHttpRequest (the only browser API that reports upload bytes);
 *   a network error, 408, 429 or 5xx is retried with exponential backoff and a fresh target.
 * - Pausing is aborting `signal` (the promise rejects with `upload_aborted`); cancelling is that
 *   plus {@link discardResumable}, which aborts the upload on the server and forgets it.
 *
 * Uppy's `@uppy/aws-s3` would fit the five callbacks, but it brings `@uppy/core`'s store and
 * plugin machinery (tens of kB gzipped) and needs `@uppy/golden-retriever` for resuming after a
 * reload; this is about 250 lines on top of the XHR helper the other uploads already share.
 */
import { ABORTED } from "../../api/upload";
import { CSRF_HEADER, readCsrfToken } from "../../api/csrf";
import { ApiError, NETWORK_ERROR } from "../../api/errors";
import type { PartTarget, Video, VideoUpload, VideoUploadIn } from "./contract";

/** What the uploader needs from the API (each call resolves with the parsed body or throws an ApiError). */
export interface MultipartApi {
  create(input: VideoUploadIn): Promise<VideoUpload>;
  get(uploadId: string): Promise<VideoUpload>;
  target(uploadId: string, partNumber: number): Promise<PartTarget>;
  complete(uploadId: string, parts: { number: number; etag: string }[]): Promise<Video>;
  abort(uploadId: string): Promise<void>;
}

/** Sends one part's bytes to its target and resolves with the part's ETag. */
export type PartSender = (target: PartTarget, body: Blob, options: { onProgress: (loaded: number) => void; signal: AbortSignal }) => Promise<string>;

/** Where upload ids wait between page loads. */
export interface ResumeStore {
  get(key: string): string | null;
  set(key: string, uploadId: string): void;
  remove(key: string): void;
}

export interface UploadProgressEvent {
  loaded: number;
  total: number;
}

export interface ResumableOptions {
  api: MultipartApi;
  contentType: string;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgressEvent) => void;
  /** Called once the upload id is known (new or resumed), e.g. to show "Resuming…". */
  onStart?: (upload: VideoUpload, resumed: boolean) => void;
  store?: ResumeStore;
  sendPart?: PartSender;
  /** Parts in flight at once. */
  concurrency?: number;
  /** Attempts per part after the first. */
  retries?: number;
  /** Waits between attempts (replaced in tests). */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface UploadResult {
  uploadId: string;
  videoId: string;
  /** The video as `complete` answered it; null when the upload had been completed before. */
  video: Video | null;
}

export const ETAG_MISSING = "etag_missing";
const STORE_PREFIX = "mentora:video-upload:";

/** The key under which a file's upload id is remembered: the same file picked again matches. */
export function resumeKey(file: Pick<File, "name" | "size" | "lastModified">): string {
  return `${STORE_PREFIX}${file.size}:${file.lastModified}:${file.name}`;
}

export const localResumeStore: ResumeStore = {
  get(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, uploadId) {
    try {
      window.localStorage.setItem(key, uploadId);
    } catch {
      // Private mode or a full quota: the upload still works, it just can't resume after a reload.
    }
  },
  remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // see set()
    }
  },
};

/** Files whose upload was interrupted (remembered in localStorage), to offer resuming them. */
export function interruptedUploads(storage: Storage | null = typeof window === "undefined" ? null : window.localStorage): { name: string; size: number }[] {
  const found: { name: string; size: number }[] = [];
  try {
    for (let index = 0; storage && index < storage.length; index++) {
      const match = /^mentora:video-upload:(\d+):\d+:(.*)$/s.exec(storage.key(index) ?? "");
      if (match?.[2]) found.push({ size: Number(match[1]), name: match[2] });
    }
  } catch {
    // Storage unavailable: nothing to offer.
  }
  return found;
}

/** Byte range of part `number` (1-based). */
export function partRange(number: number, partSize: number, fileSize: number): { start: number; end: number } {
  const start = (number - 1) * partSize;
  return { start, end: Math.min(fileSize, start + partSize) };
}

/** Parts still to send: those the server lacks, or holds with another size (a torn part). */
export function missingParts(upload: Pick<VideoUpload, "part_count" | "part_size" | "parts">, fileSize: number): number[] {
  const stored = new Map(upload.parts.map((part) => [part.number, part]));
  const missing: number[] = [];
  for (let number = 1; number <= upload.part_count; number++) {
    const { start, end } = partRange(number, upload.part_size, fileSize);
    const part = stored.get(number);
    if (!part || part.size !== end - start || !part.etag) missing.push(number);
  }
  return missing;
}

/** Exponential backoff with jitter: ~1 s, 2 s, 4 s … capped at 30 s. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
}

/** Whether trying the same part again could help. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.code === ABORTED) return false;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

function aborted(): ApiError {
  return new ApiError(0, { code: ABORTED, message: "The upload was cancelled." });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(aborted());
      return;
    }
    const timer = window.setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    function stop() {
      window.clearTimeout(timer);
      reject(aborted());
    }
    signal.addEventListener("abort", stop, { once: true });
  });
}

function sameOrigin(url: string): boolean {
  try {
    return new URL(url, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
}

// Headers a browser refuses to set by hand; a presigned URL never needs them from us.
const FORBIDDEN_HEADERS = new Set(["host", "content-length", "connection"]);

/**
 * PUTs a part with XMLHttpRequest and reads its `ETag`. The API's own chunk endpoint gets the
 * session cookie and CSRF header; a storage URL on another origin gets neither (its signature
 * is the credential, and credentials would make its CORS answer fail).
 */
export const sendPartXhr: PartSender = (target, body, { onProgress, signal }) =>
  new Promise<string>((resolve, reject) => {
    if (signal.aborted) {
      reject(aborted());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open(target.method, target.url);
    for (const [name, value] of Object.entries(target.headers)) {
      if (!FORBIDDEN_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
    }
    if (sameOrigin(target.url)) {
      xhr.withCredentials = true;
      const token = readCsrfToken();
      if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const etag = xhr.getResponseHeader("ETag");
        if (!etag) {
          reject(new ApiError(xhr.status, { code: ETAG_MISSING, message: "The storage did not return the part's ETag (its CORS rules must expose ETag)." }));
          return;
        }
        onProgress(body.size);
        resolve(etag);
        return;
      }
      let parsed: unknown;
      try {
        parsed = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        parsed = undefined;
      }
      const error = parsed && typeof parsed === "object" && "code" in parsed && "message" in parsed ? (parsed as { code: string; message: string }) : null;
      reject(new ApiError(xhr.status, error ?? { code: xhr.status >= 500 ? "internal_error" : `http_${xhr.status}`, message: `The part upload failed (${xhr.status}).` }));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: NETWORK_ERROR, message: "The server could not be reached." }));
    xhr.onabort = () => reject(aborted());
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });

async function openUpload(file: File, options: ResumableOptions, store: ResumeStore): Promise<{ upload: VideoUpload; resumed: boolean }> {
  const key = resumeKey(file);
  const remembered = store.get(key);
  if (remembered) {
    try {
      const upload = await options.api.get(remembered);
      const usable = upload.size === file.size && (upload.status === "uploading" || (upload.status === "completed" && upload.video_id));
      if (usable) return { upload, resumed: true };
    } catch (error) {
      // Gone (expired, aborted by the cleanup job) or not ours: start over. Anything else, e.g.
      // no connection, is the caller's to retry with the id still remembered.
      if (!(error instanceof ApiError) || isTransient(error) || error.code === ABORTED) throw error;
    }
    store.remove(key);
  }
  const upload = await options.api.create({ filename: file.name, size: file.size, content_type: options.contentType });
  store.set(key, upload.id);
  return { upload, resumed: false };
}

/** Uploads `file` (or the rest of it) and completes it. See the module comment. */
export async function uploadResumable(file: File, options: ResumableOptions): Promise<UploadResult> {
  const { api, onProgress, concurrency = 3, retries = 5 } = options;
  const store = options.store ?? localResumeStore;
  const sendPart = options.sendPart ?? sendPartXhr;
  const delay = options.delay ?? sleep;
  const outer = options.signal;
  if (outer?.aborted) throw aborted();

  const { upload, resumed } = await openUpload(file, options, store);
  options.onStart?.(upload, resumed);
  const key = resumeKey(file);
  if (upload.status === "completed" && upload.video_id) {
    store.remove(key);
    onProgress?.({ loaded: file.size, total: file.size });
    return { uploadId: upload.id, videoId: upload.video_id, video: null };
  }

  const etags = new Map<number, string>(upload.parts.map((part) => [part.number, part.etag]));
  const todo = missingParts(upload, file.size);
  for (const number of todo) etags.delete(number);
  const sizeOf = (number: number) => {
    const { start, end } = partRange(number, upload.part_size, file.size);
    return end - start;
  };
  let done = [...etags.keys()].reduce((sum, number) => sum + sizeOf(number), 0);
  const inFlight = new Map<number, number>();
  const report = () => {
    let loaded = done;
    inFlight.forEach((bytes) => (loaded += bytes));
    onProgress?.({ loaded: Math.min(loaded, file.size), total: file.size });
  };
  report();

  // One failed part stops the others; so does the caller's signal.
  const internal = new AbortController();
  const forward = () => internal.abort();
  outer?.addEventListener("abort", forward, { once: true });
  const signal = internal.signal;

  async function sendOne(number: number): Promise<void> {
    const { start, end } = partRange(number, upload.part_size, file.size);
    const blob = file.slice(start, end);
    for (let attempt = 0; ; attempt++) {
      try {
        const target = await api.target(upload.id, number);
        if (signal.aborted) throw aborted();
        const etag = await sendPart(target, blob, {
          signal,
          onProgress: (loaded) => {
            inFlight.set(number, Math.min(loaded, end - start));
            report();
          },
        });
        inFlight.delete(number);
        done += end - start;
        etags.set(number, etag);
        report();
        return;
      } catch (error) {
        inFlight.delete(number);
        report();
        if (signal.aborted) throw aborted();
        if (!isTransient(error) || attempt >= retries) throw error;
        await delay(backoffMs(attempt), signal);
      }
    }
  }

  const queue = [...todo];
  let failure: { error: unknown } | null = null;
  async function worker(): Promise<void> {
    try {
      for (let number = queue.shift(); number !== undefined && !signal.aborted; number = queue.shift()) await sendOne(number);
    } catch (error) {
      failure ??= { error };
      internal.abort();
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, () => worker()));
    if (outer?.aborted) throw aborted();
    if (failure) throw (failure as { error: unknown }).error;
    const parts = [...etags.entries()].sort(([a], [b]) => a - b).map(([number, etag]) => ({ number, etag }));
    const video = await api.complete(upload.id, parts);
    store.remove(key);
    return { uploadId: upload.id, videoId: video.id, video };
  } catch (error) {
    internal.abort();
    throw outer?.aborted ? aborted() : error;
  } finally {
    outer?.removeEventListener("abort", forward);
  }
}

/** Cancels for good: aborts the server's upload (if one is remembered) and forgets it. */
export async function discardResumable(file: File, { api, store = localResumeStore }: { api: MultipartApi; store?: ResumeStore }): Promise<void> {
  const key = resumeKey(file);
  const uploadId = store.get(key);
  store.remove(key);
  if (uploadId) await api.abort(uploadId);
}
