import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeXhr, installFakeXhr } from "../test/fake-xhr";
import { ApiError } from "./errors";
import { sessionEvents } from "./session-events";
import { ABORTED, uploadFile, withQuery } from "./upload";

beforeEach(() => installFakeXhr());
afterEach(() => vi.unstubAllGlobals());

function pdf(size = 1000) {
  return new File([new Uint8Array(size)], "cv.pdf", { type: "application/pdf" });
}

describe("raw-body uploads", () => {
  it("sends the bytes with their type and the CSRF token, reporting progress", async () => {
    document.cookie = "edu_csrf=token-123; path=/";
    const progress = vi.fn();
    const done = uploadFile<{ id: string }>({ method: "POST", url: "/api/v1/mentor/profile/documents?filename=cv.pdf", file: pdf(), onProgress: progress });
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/mentor/profile/documents?filename=cv.pdf");
    expect(xhr.headers).toMatchObject({ "Content-Type": "application/pdf", "X-CSRF-Token": "token-123", Accept: "application/json" });
    expect(xhr.body).toBeInstanceOf(File);
    xhr.progress(400, 1000);
    expect(progress).toHaveBeenLastCalledWith({ loaded: 400, total: 1000 });
    xhr.respond(201, { id: "doc-1" });
    await expect(done).resolves.toEqual({ id: "doc-1" });
    expect(progress).toHaveBeenLastCalledWith({ loaded: 1000, total: 1000 });
  });

  it("declares the type it is told to, for files the browser couldn't type", () => {
    void uploadFile({ method: "PUT", url: "/x", file: new File(["x"], "me.webp"), contentType: "image/webp" }).catch(() => undefined);
    expect(FakeXhr.last!.headers["Content-Type"]).toBe("image/webp");
  });

  it("turns refusals into ApiErrors with the server's code", async () => {
    const done = uploadFile({ method: "POST", url: "/x", file: pdf() });
    FakeXhr.last!.respond(422, { code: "unsupported_file_type", message: "No.", details: null });
    await expect(done).rejects.toMatchObject({ status: 422, code: "unsupported_file_type" });
  });

  it("reports a lost session like every other request", async () => {
    const ended = vi.fn();
    const stop = sessionEvents.subscribe(ended);
    const done = uploadFile({ method: "POST", url: "/x", file: pdf() });
    FakeXhr.last!.respond(401, { code: "session_expired", message: "…" });
    await expect(done).rejects.toBeInstanceOf(ApiError);
    expect(ended).toHaveBeenCalledWith({ reason: "expired", code: "session_expired" });
    stop();
  });

  it("can be cancelled, and says so", async () => {
    const controller = new AbortController();
    const done = uploadFile({ method: "POST", url: "/x", file: pdf(), signal: controller.signal });
    controller.abort();
    await expect(done).rejects.toMatchObject({ code: ABORTED });
    expect(FakeXhr.last!.aborted).toBe(true);
  });

  it("treats a dropped connection as a network error", async () => {
    const done = uploadFile({ method: "POST", url: "/x", file: pdf() });
    FakeXhr.last!.fail();
    await expect(done).rejects.toMatchObject({ status: 0, code: "network_error" });
  });

  it("encodes query values", () => {
    expect(withQuery("/api/v1/mentor/profile/portfolio", { title: "Waves & optics", filename: "notes 1.pdf", skip: undefined })).toBe(
      "/api/v1/mentor/profile/portfolio?title=Waves+%26+optics&filename=notes+1.pdf",
    );
  });
});
