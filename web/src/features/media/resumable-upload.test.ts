import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, NETWORK_ERROR } from "../../api/errors";
import { ABORTED } from "../../api/upload";
import { FakeXhr, installFakeXhr } from "../../test/fake-xhr";
import type { PartTarget, Video, VideoUpload } from "./contract";
import {
  backoffMs,
  discardResumable,
  ETAG_MISSING,
  interruptedUploads,
  missingParts,
  resumeKey,
  sendPartXhr,
  uploadResumable,
  type MultipartApi,
  type PartSender,
  type ResumeStore,
} from "./resumable-upload";

const PART = 10;

function memoryStore(): ResumeStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, get: (key) => data.get(key) ?? null, set: (key, value) => void data.set(key, value), remove: (key) => void data.delete(key) };
}

function video(id = "video-1"): Video {
  return { id, filename: "lesson.mp4", status: "processing", progress: 0, failure: null, duration_seconds: null, width: null, height: null, poster_url: null, video_url: null, captions: [], thumbnails: null, created_at: "2026-12-07T10:00:00Z" };
}

/** An in-memory server: keeps the parts it receives, like the real one. */
function fakeApi(size: number) {
  const uploads = new Map<string, VideoUpload>();
  let next = 1;
  const api = {
    create: vi.fn((input: { filename: string; size: number; content_type: string }) => {
      const id = `upload-${next++}`;
      const upload: VideoUpload = { id, ...input, part_size: PART, part_count: Math.ceil(size / PART), parts: [], status: "uploading", expires_at: "2026-12-08T10:00:00Z", video_id: null };
      uploads.set(id, upload);
      return Promise.resolve(structuredClone(upload));
    }),
    get: vi.fn((id: string) => {
      const upload = uploads.get(id);
      if (!upload) return Promise.reject(new ApiError(404, { code: "not_found", message: "No such upload." }));
      return Promise.resolve(structuredClone(upload));
    }),
    target: vi.fn((id: string, number: number): Promise<PartTarget> => Promise.resolve({ url: `/api/v1/videos/uploads/${id}/parts/${number}`, method: "PUT", headers: {}, expires_at: "2026-12-08T10:00:00Z" })),
    complete: vi.fn((id: string, _parts: { number: number; etag: string }[]) => {
      uploads.get(id)!.status = "completed";
      uploads.get(id)!.video_id = "video-1";
      return Promise.resolve(video());
    }),
    abort: vi.fn((id: string) => {
      uploads.delete(id);
      return Promise.resolve();
    }),
  } satisfies MultipartApi;
  /** Receives a part: what the part PUT does on the server. */
  const receive = (url: string, bytes: number) => {
    const [, id, number] = /uploads\/([^/]+)\/parts\/(\d+)/.exec(url)!;
    const upload = uploads.get(id!)!;
    upload.parts = upload.parts.filter((part) => part.number !== Number(number));
    upload.parts.push({ number: Number(number), size: bytes, etag: `"etag-${number}"` });
    return `"etag-${number}"`;
  };
  return { api, uploads, receive };
}

function file(size: number, name = "lesson.mp4") {
  return new File([new Uint8Array(size)], name, { type: "video/mp4", lastModified: 1_700_000_000_000 });
}

const noDelay = () => Promise.resolve();

describe("resumable uploads", () => {
  it("splits the file by part size, sends every part and completes with the ETags in order", async () => {
    const server = fakeApi(25);
    const sent: { url: string; size: number }[] = [];
    const sendPart: PartSender = (target, body, { onProgress }) => {
      sent.push({ url: target.url, size: body.size });
      onProgress(body.size);
      return Promise.resolve(server.receive(target.url, body.size));
    };
    const store = memoryStore();
    const result = await uploadResumable(file(25), { api: server.api, contentType: "video/mp4", sendPart, store });
    expect(server.api.create).toHaveBeenCalledWith({ filename: "lesson.mp4", size: 25, content_type: "video/mp4" });
    expect(sent.map((part) => part.size).sort()).toEqual([10, 10, 5]);
    expect(server.api.complete).toHaveBeenCalledWith("upload-1", [
      { number: 1, etag: '"etag-1"' },
      { number: 2, etag: '"etag-2"' },
      { number: 3, etag: '"etag-3"' },
    ]);
    expect(result).toEqual({ uploadId: "upload-1", videoId: "video-1", video: video() });
    // Completed: nothing left to resume.
    expect(store.data.size).toBe(0);
  });

  it("skips the parts the server already has when the same file is picked again", async () => {
    const server = fakeApi(35);
    const store = memoryStore();
    const lesson = file(35);
    let calls = 0;
    const flaky: PartSender = (target, body) => {
      calls += 1;
      if (calls > 2) return Promise.reject(new ApiError(0, { code: NETWORK_ERROR, message: "offline" }));
      return Promise.resolve(server.receive(target.url, body.size));
    };
    await expect(uploadResumable(lesson, { api: server.api, contentType: "video/mp4", sendPart: flaky, store, retries: 0, concurrency: 1 })).rejects.toMatchObject({ code: NETWORK_ERROR });
    expect(store.get(resumeKey(lesson))).toBe("upload-1");

    const sentAgain: string[] = [];
    const progress = vi.fn();
    const onStart = vi.fn();
    const again = file(35);
    await uploadResumable(again, {
      api: server.api,
      contentType: "video/mp4",
      store,
      onProgress: progress,
      onStart,
      sendPart: (target, body) => {
        sentAgain.push(target.url);
        return Promise.resolve(server.receive(target.url, body.size));
      },
    });
    expect(server.api.create).toHaveBeenCalledTimes(1);
    expect(onStart).toHaveBeenCalledWith(expect.objectContaining({ id: "upload-1" }), true);
    expect(sentAgain.sort()).toEqual(["/api/v1/videos/uploads/upload-1/parts/3", "/api/v1/videos/uploads/upload-1/parts/4"]);
    // It starts from the 20 bytes stored.
    expect(progress).toHaveBeenNthCalledWith(1, { loaded: 20, total: 35 });
    expect(progress).toHaveBeenLastCalledWith({ loaded: 35, total: 35 });
  });

  it("re-sends a stored part whose size is wrong, and knows which parts are missing", () => {
    const upload = { part_count: 3, part_size: 10, parts: [{ number: 1, size: 10, etag: "a" }, { number: 2, size: 4, etag: "b" }, { number: 3, size: 5, etag: "c" }] };
    expect(missingParts(upload, 25)).toEqual([2]);
    expect(missingParts({ ...upload, parts: [] }, 25)).toEqual([1, 2, 3]);
  });

  it("starts a new upload when the remembered one is gone, and resumes none of another file", async () => {
    const server = fakeApi(15);
    const store = memoryStore();
    const lesson = file(15);
    store.set(resumeKey(lesson), "upload-expired");
    const sendPart: PartSender = (target, body) => Promise.resolve(server.receive(target.url, body.size));
    await uploadResumable(lesson, { api: server.api, contentType: "video/mp4", sendPart, store });
    expect(server.api.get).toHaveBeenCalledWith("upload-expired");
    expect(server.api.create).toHaveBeenCalledTimes(1);
    expect(resumeKey(lesson)).not.toBe(resumeKey(file(15, "other.mp4")));
    expect(resumeKey(lesson)).not.toBe(resumeKey(new File([new Uint8Array(15)], "lesson.mp4", { lastModified: 1 })));
  });

  it("keeps the remembered upload when the server can't be reached to check it", async () => {
    const server = fakeApi(15);
    const store = memoryStore();
    const lesson = file(15);
    store.set(resumeKey(lesson), "upload-9");
    server.api.get.mockRejectedValueOnce(new ApiError(0, { code: NETWORK_ERROR, message: "offline" }));
    await expect(uploadResumable(lesson, { api: server.api, contentType: "video/mp4", store, sendPart: vi.fn() })).rejects.toMatchObject({ code: NETWORK_ERROR });
    expect(store.get(resumeKey(lesson))).toBe("upload-9");
    expect(server.api.create).not.toHaveBeenCalled();
  });

  it("retries network errors and 5xx with backoff and a fresh target, but not a refusal", async () => {
    const server = fakeApi(10);
    const failures = [new ApiError(0, { code: NETWORK_ERROR, message: "offline" }), new ApiError(503, { code: "internal_error", message: "busy" })];
    const sendPart: PartSender = (target, body) => {
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve(server.receive(target.url, body.size));
    };
    const delay = vi.fn(noDelay);
    await uploadResumable(file(10), { api: server.api, contentType: "video/mp4", sendPart, store: memoryStore(), delay });
    expect(delay).toHaveBeenCalledTimes(2);
    expect(server.api.target).toHaveBeenCalledTimes(3);

    const refused = fakeApi(10);
    const forbidden = vi.fn<PartSender>(() => Promise.reject(new ApiError(403, { code: "http_403", message: "Forbidden" })));
    await expect(uploadResumable(file(10), { api: refused.api, contentType: "video/mp4", sendPart: forbidden, store: memoryStore(), delay })).rejects.toMatchObject({ status: 403 });
    expect(forbidden).toHaveBeenCalledTimes(1);
    expect(refused.api.complete).not.toHaveBeenCalled();
  });

  it("gives up after the last retry", async () => {
    const server = fakeApi(10);
    const sendPart = vi.fn<PartSender>(() => Promise.reject(new ApiError(502, { code: "internal_error", message: "bad gateway" })));
    await expect(uploadResumable(file(10), { api: server.api, contentType: "video/mp4", sendPart, store: memoryStore(), delay: noDelay, retries: 2 })).rejects.toMatchObject({ status: 502 });
    expect(sendPart).toHaveBeenCalledTimes(3);
  });

  it("backs off exponentially up to 30 seconds", () => {
    expect(backoffMs(0, () => 1)).toBe(1000);
    expect(backoffMs(3, () => 1)).toBe(8000);
    expect(backoffMs(3, () => 0)).toBe(4000);
    expect(backoffMs(10, () => 1)).toBe(30_000);
  });

  it("sends three parts at a time and sums the bytes of parts in flight", async () => {
    const server = fakeApi(50);
    const pending: { resolve: () => void; progress: (n: number) => void }[] = [];
    const sendPart: PartSender = (target, body, { onProgress }) =>
      new Promise((resolve) => {
        pending.push({ resolve: () => resolve(server.receive(target.url, body.size)), progress: onProgress });
      });
    const progress = vi.fn();
    const done = uploadResumable(file(50), { api: server.api, contentType: "video/mp4", sendPart, store: memoryStore(), onProgress: progress });
    await vi.waitFor(() => expect(pending).toHaveLength(3));
    pending[0]!.progress(4);
    pending[1]!.progress(6);
    expect(progress).toHaveBeenLastCalledWith({ loaded: 10, total: 50 });
    pending[0]!.resolve();
    await vi.waitFor(() => expect(pending).toHaveLength(4));
    expect(progress).toHaveBeenLastCalledWith({ loaded: 16, total: 50 });
    pending.slice(1).forEach((part) => part.resolve());
    await vi.waitFor(() => expect(pending).toHaveLength(5));
    pending[4]!.resolve();
    await done;
    expect(progress).toHaveBeenLastCalledWith({ loaded: 50, total: 50 });
  });

  it("pauses by aborting the signal, leaving the upload to resume", async () => {
    const server = fakeApi(30);
    const store = memoryStore();
    const controller = new AbortController();
    const sendPart: PartSender = (_target, _body, { signal }) =>
      new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(new ApiError(0, { code: ABORTED, message: "" }))));
    const lesson = file(30);
    const done = uploadResumable(lesson, { api: server.api, contentType: "video/mp4", sendPart, store, signal: controller.signal });
    await vi.waitFor(() => expect(server.api.target).toHaveBeenCalledTimes(3));
    controller.abort();
    await expect(done).rejects.toMatchObject({ code: ABORTED });
    expect(store.get(resumeKey(lesson))).toBe("upload-1");
    expect(server.api.complete).not.toHaveBeenCalled();
  });

  it("cancels for good: aborts on the server and forgets the file", async () => {
    const server = fakeApi(10);
    const store = memoryStore();
    const lesson = file(10);
    store.set(resumeKey(lesson), "upload-7");
    await discardResumable(lesson, { api: server.api, store });
    expect(server.api.abort).toHaveBeenCalledWith("upload-7");
    expect(store.data.size).toBe(0);
  });

  it("lists the uploads an earlier visit left unfinished", () => {
    window.localStorage.setItem(resumeKey(file(10, "week 1: forces.mp4")), "upload-1");
    window.localStorage.setItem("unrelated", "x");
    expect(interruptedUploads()).toEqual([{ name: "week 1: forces.mp4", size: 10 }]);
    window.localStorage.clear();
  });

  it("returns the video of an upload completed before a reload", async () => {
    const server = fakeApi(10);
    const store = memoryStore();
    const lesson = file(10);
    const upload = await server.api.create({ filename: "lesson.mp4", size: 10, content_type: "video/mp4" });
    server.uploads.get(upload.id)!.status = "completed";
    server.uploads.get(upload.id)!.video_id = "video-3";
    store.set(resumeKey(lesson), upload.id);
    await expect(uploadResumable(lesson, { api: server.api, contentType: "video/mp4", store, sendPart: vi.fn() })).resolves.toEqual({ uploadId: upload.id, videoId: "video-3", video: null });
    expect(store.data.size).toBe(0);
  });
});

class HeaderXhr extends FakeXhr {
  responseHeaders: Record<string, string> = {};
  getResponseHeader(name: string) {
    return this.responseHeaders[name] ?? null;
  }
}

describe("sending one part over XHR", () => {
  beforeEach(() => {
    installFakeXhr();
    vi.stubGlobal("XMLHttpRequest", HeaderXhr);
  });
  afterEach(() => vi.unstubAllGlobals());

  const blob = new Blob([new Uint8Array(8)]);

  it("PUTs to a presigned URL without cookies or CSRF and resolves with the ETag", async () => {
    document.cookie = "edu_csrf=token-1; path=/";
    const progress = vi.fn();
    const sent = sendPartXhr({ url: "https://bucket.example/key?partNumber=1&X-Amz-Signature=x", method: "PUT", headers: { "Content-Type": "video/mp4", Host: "bucket" }, expires_at: "" }, blob, { onProgress: progress, signal: new AbortController().signal });
    const xhr = FakeXhr.last as HeaderXhr;
    expect(xhr.method).toBe("PUT");
    expect(xhr.withCredentials).toBe(false);
    expect(xhr.headers).toEqual({ "Content-Type": "video/mp4" });
    xhr.progress(3, 8);
    expect(progress).toHaveBeenLastCalledWith(3);
    xhr.responseHeaders.ETag = '"abc"';
    xhr.respond(200, undefined);
    await expect(sent).resolves.toBe('"abc"');
    expect(progress).toHaveBeenLastCalledWith(8);
  });

  it("sends the session and CSRF token to the API's own chunk endpoint", () => {
    document.cookie = "edu_csrf=token-2; path=/";
    void sendPartXhr({ url: "/api/v1/videos/uploads/u/parts/1", method: "PUT", headers: {}, expires_at: "" }, blob, { onProgress: vi.fn(), signal: new AbortController().signal }).catch(() => undefined);
    const xhr = FakeXhr.last!;
    expect(xhr.withCredentials).toBe(true);
    expect(xhr.headers["X-CSRF-Token"]).toBe("token-2");
  });

  it("says so when the storage hides the ETag, and maps failures to ApiErrors", async () => {
    const target: PartTarget = { url: "https://bucket.example/k", method: "PUT", headers: {}, expires_at: "" };
    const hidden = sendPartXhr(target, blob, { onProgress: vi.fn(), signal: new AbortController().signal });
    FakeXhr.last!.respond(200, undefined);
    await expect(hidden).rejects.toMatchObject({ code: ETAG_MISSING });

    const busy = sendPartXhr(target, blob, { onProgress: vi.fn(), signal: new AbortController().signal });
    FakeXhr.last!.respond(503, undefined);
    await expect(busy).rejects.toMatchObject({ status: 503, code: "internal_error" });

    const offline = sendPartXhr(target, blob, { onProgress: vi.fn(), signal: new AbortController().signal });
    FakeXhr.last!.fail();
    await expect(offline).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR });
  });
});
