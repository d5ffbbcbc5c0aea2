import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState, type FormEvent, type ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import type { CaptionInput } from "./CaptionsEditor";
import type { Video, VideoUpload } from "./contract";
import { localResumeStore, resumeKey, type PartSender, type ResumeStore } from "./resumable-upload";
import { VideoUploadField, type VideoFieldApi, type VideoFieldState, type VideoFieldValue } from "./VideoUploadField";

const MB = 1024 * 1024;

function video(overrides: Partial<Video> = {}): Video {
  return { id: "video-1", filename: "lesson.mp4", status: "processing", progress: 0.42, failure: null, duration_seconds: 300, width: 1280, height: 720, poster_url: null, video_url: null, captions: [], thumbnails: null, created_at: "2026-12-07T10:00:00Z", ...overrides };
}

function memoryStore(): ResumeStore {
  const data = new Map<string, string>();
  return { get: (key) => data.get(key) ?? null, set: (key, value) => void data.set(key, value), remove: (key) => void data.delete(key) };
}

function setup({ initial = { video_id: null, chapters: [] }, getVideo, store = memoryStore() }: { initial?: VideoFieldValue; getVideo?: VideoFieldApi["getVideo"]; store?: ResumeStore } = {}) {
  const upload: VideoUpload = { id: "upload-1", filename: "lesson.mp4", size: 12 * MB, content_type: "video/mp4", part_size: 5 * MB, part_count: 3, parts: [], status: "uploading", expires_at: "", video_id: null };
  const api: VideoFieldApi = {
    uploads: {
      create: vi.fn(() => Promise.resolve(upload)),
      get: vi.fn(() => Promise.resolve(upload)),
      target: vi.fn((_id: string, number: number) => Promise.resolve({ url: `/parts/${number}`, method: "PUT" as const, headers: {}, expires_at: "" })),
      complete: vi.fn(() => Promise.resolve(video())),
      abort: vi.fn(() => Promise.resolve()),
    },
    getVideo: getVideo ?? vi.fn(() => Promise.resolve(video())),
    addCaption: vi.fn((_id: string, input: CaptionInput) => Promise.resolve({ id: "cap-1", language: input.language, label: input.label, url: "/c.vtt" })),
    removeCaption: vi.fn(() => Promise.resolve()),
  };
  const parts: { resolve: (etag: string) => void; progress: (loaded: number) => void; size: number }[] = [];
  const sendPart: PartSender = (_target, body, { onProgress, signal }) =>
    new Promise((resolve, reject) => {
      parts.push({ resolve, progress: onProgress, size: body.size });
      signal.addEventListener("abort", () => reject(new Error("aborted")));
    });
  const changes: [VideoFieldValue, VideoFieldState][] = [];
  // The field lives inside the item editor's form: nothing in it may submit that form.
  const editorSubmit = vi.fn((event: FormEvent) => event.preventDefault());
  function Harness() {
    const [value, setValue] = useState<VideoFieldValue>(initial);
    return (
      <form onSubmit={editorSubmit}>
      <VideoUploadField
        value={value}
        api={api}
        pollIntervalMs={20}
        resumeStore={store}
        sendPart={sendPart}
        onChange={(next, state) => {
          changes.push([next, state]);
          setValue(next);
        }}
      />
      </form>
    );
  }
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrap = (ui: ReactElement) => <QueryClientProvider client={client}>{ui}</QueryClientProvider>;
  render(wrap(<Harness />));
  return { api, parts, changes, editorSubmit };
}

function mp4(size = 12 * MB) {
  return new File([new Uint8Array(size)], "lesson.mp4", { type: "video/mp4", lastModified: 1 });
}

describe("VideoUploadField", () => {
  it("uploads with an accessible progress bar, then follows processing to ready", async () => {
    let ready = false;
    const getVideo = vi.fn(() => Promise.resolve(ready ? video({ status: "ready", progress: 1 }) : video()));
    const { parts, changes } = setup({ getVideo });
    await userEvent.upload(screen.getByLabelText("Upload a video"), mp4());
    await vi.waitFor(() => expect(parts).toHaveLength(3));
    act(() => parts[0]!.progress(3 * MB));
    const bar = screen.getByRole("progressbar", { name: "Uploading lesson.mp4" });
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    act(() => parts.forEach((part, index) => part.resolve(`"e${index}"`)));
    expect(await screen.findByRole("progressbar", { name: "Processing lesson.mp4" })).toHaveAttribute("aria-valuenow", "42");
    expect(screen.getByText("Processing 42 %")).toBeInTheDocument();
    expect(changes.at(-1)).toEqual([{ video_id: "video-1", chapters: [] }, { ready: false, busy: false }]);
    ready = true;
    expect(await screen.findByRole("region", { name: "Captions" })).toBeInTheDocument();
    expect(screen.getByText("5:00 · 1280×720")).toBeInTheDocument();
    await vi.waitFor(() => expect(changes.at(-1)?.[1]).toEqual({ ready: true, busy: false }));
  });

  it("pauses and resumes, and refuses what isn't a video before uploading", async () => {
    const { parts, api } = setup();
    await userEvent.upload(screen.getByLabelText("Upload a video"), new File(["x"], "notes.txt", { type: "" }), { applyAccept: false });
    expect(screen.getByRole("alert")).toHaveTextContent("notes.txt isn't a MP4, MOV, WebM or MKV file.");

    await userEvent.upload(screen.getByLabelText("Upload a video"), mp4());
    await vi.waitFor(() => expect(parts).toHaveLength(3));
    await userEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(screen.getByText(/Paused/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Resume" }));
    await vi.waitFor(() => expect(parts).toHaveLength(6));
    expect(api.uploads.get).toHaveBeenCalledWith("upload-1");
    await userEvent.click(screen.getByRole("button", { name: "Cancel upload" }));
    expect(api.uploads.abort).toHaveBeenCalledWith("upload-1");
    expect(screen.getByLabelText("Upload a video")).toBeInTheDocument();
  });

  it("reminds the author of an upload a reload interrupted, and resumes it from the same file", async () => {
    const lesson = mp4();
    window.localStorage.setItem(resumeKey(lesson), "upload-1");
    const { api, parts } = setup({ store: localResumeStore });
    expect(screen.getByText("The upload of lesson.mp4 was interrupted")).toBeInTheDocument();
    await userEvent.upload(screen.getByLabelText("Upload a video"), lesson);
    await vi.waitFor(() => expect(parts.length).toBeGreaterThan(0));
    expect(api.uploads.get).toHaveBeenCalledWith("upload-1");
    expect(api.uploads.create).not.toHaveBeenCalled();
    window.localStorage.clear();
  });

  it("says clearly why processing failed and offers another upload", async () => {
    setup({ initial: { video_id: "video-1", chapters: [] }, getVideo: () => Promise.resolve(video({ status: "failed", failure: { code: "not_a_video", message: "The file has no video stream." } })) });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("We couldn't process this video");
    expect(alert).toHaveTextContent("The file has no video stream.");
    await userEvent.click(within(alert).getByRole("button", { name: "Upload another file" }));
    expect(screen.getByLabelText("Upload a video")).toBeInTheDocument();
  });

  it("edits chapters and adds captions on a ready video", async () => {
    const { api, changes, editorSubmit } = setup({ initial: { video_id: "video-1", chapters: [{ start: 0, title: "Intro" }] }, getVideo: () => Promise.resolve(video({ status: "ready" })) });
    await userEvent.click(await screen.findByRole("button", { name: "Add chapter" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Chapter 2 title" }), "Forces");
    expect(changes.at(-1)).toEqual([{ video_id: "video-1", chapters: [{ start: 0, title: "Intro" }, { start: 60, title: "Forces" }] }, { ready: true, busy: false }]);
    await userEvent.clear(screen.getByRole("textbox", { name: "Chapter 2 start" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Chapter 2 start" }), "9:00");
    await userEvent.tab();
    expect(screen.getByText("The video is only 5:00 long.")).toBeInTheDocument();
    expect(changes.at(-1)?.[1].ready).toBe(false);

    await userEvent.upload(screen.getByLabelText("Captions file"), new File(["WEBVTT"], "en.vtt", { type: "text/vtt" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Label" }), "English");
    await userEvent.click(screen.getByRole("button", { name: "Add captions" }));
    expect(api.addCaption).toHaveBeenCalledWith("video-1", expect.objectContaining({ language: "en", label: "English" }));
    await userEvent.upload(screen.getByLabelText("Captions file"), new File(["WEBVTT"], "fr.vtt", { type: "text/vtt" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Label" }), "Français{Enter}");
    expect(api.addCaption).toHaveBeenLastCalledWith("video-1", expect.objectContaining({ label: "Français" }));
    expect(editorSubmit).not.toHaveBeenCalled();
  });
});
