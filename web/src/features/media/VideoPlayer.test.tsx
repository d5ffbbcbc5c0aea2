import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { VideoBody } from "./contract";
import { VideoPlayer } from "./VideoPlayer";

function body(overrides: Partial<VideoBody> = {}): VideoBody {
  return {
    kind: "video",
    video_id: "video-1",
    status: "ready",
    duration_seconds: 300,
    width: 1280,
    height: 720,
    video_url: "/media/video-1.mp4",
    poster_url: "/media/poster.jpg",
    thumbnails: null,
    captions: [
      { id: "c1", language: "en", label: "English", url: "/media/en.vtt" },
      { id: "c2", language: "de", label: "Deutsch", url: "/media/de.vtt" },
    ],
    chapters: [
      { start: 0, title: "Intro" },
      { start: 120, title: "Newton's second law" },
    ],
    resume_at: null,
    ...overrides,
  };
}

let paused = true;
beforeEach(() => {
  paused = true;
  vi.spyOn(HTMLMediaElement.prototype, "play").mockImplementation(() => {
    paused = false;
    return Promise.resolve();
  });
  vi.spyOn(HTMLMediaElement.prototype, "pause").mockImplementation(() => {
    paused = true;
  });
  Object.defineProperty(HTMLMediaElement.prototype, "paused", { configurable: true, get: () => paused });
  Object.defineProperty(HTMLMediaElement.prototype, "duration", { configurable: true, get: () => 300 });
});
afterEach(() => {
  Reflect.deleteProperty(HTMLMediaElement.prototype, "paused");
  Reflect.deleteProperty(HTMLMediaElement.prototype, "duration");
});

function videoElement() {
  return document.querySelector("video")!;
}

describe("VideoPlayer", () => {
  it("renders the native player with poster, captions tracks and lazy metadata", () => {
    render(<VideoPlayer video={body()} title="Forces" />);
    const video = videoElement();
    expect(video).toHaveAttribute("src", "/media/video-1.mp4");
    expect(video).toHaveAttribute("poster", "/media/poster.jpg");
    expect(video).toHaveAttribute("preload", "metadata");
    expect(video).toHaveAttribute("crossorigin", "anonymous");
    expect(video.hasAttribute("controls")).toBe(true);
    const tracks = video.querySelectorAll("track");
    expect([...tracks].map((track) => [track.kind, track.srclang, track.label])).toEqual([
      ["captions", "en", "English"],
      ["captions", "de", "Deutsch"],
    ]);
  });

  it("starts where the learner stopped, or at the #t= of a link", () => {
    const { unmount } = render(<VideoPlayer video={body({ resume_at: 95 })} title="Forces" hash="" />);
    fireEvent.loadedMetadata(videoElement());
    expect(videoElement().currentTime).toBe(95);
    unmount();
    render(<VideoPlayer video={body({ resume_at: 95 })} title="Forces" hash="#t=123" />);
    fireEvent.loadedMetadata(videoElement());
    expect(videoElement().currentTime).toBe(123);
  });

  it("answers the keyboard while focused", async () => {
    render(<VideoPlayer video={body()} title="Forces" hash="" />);
    fireEvent.loadedMetadata(videoElement());
    const player = screen.getByRole("group", { name: "Video: Forces" });
    player.focus();
    await userEvent.keyboard("l");
    expect(videoElement().currentTime).toBe(10);
    await userEvent.keyboard("{ArrowRight}");
    expect(videoElement().currentTime).toBe(15);
    await userEvent.keyboard("j");
    expect(videoElement().currentTime).toBe(5);
    await userEvent.keyboard("{ArrowLeft}{ArrowLeft}");
    expect(videoElement().currentTime).toBe(0);
    await userEvent.keyboard("k");
    expect(HTMLMediaElement.prototype.play).toHaveBeenCalled();
    await userEvent.keyboard(" ");
    expect(HTMLMediaElement.prototype.pause).toHaveBeenCalled();
  });

  it("changes speed and seeks from the chapter list", async () => {
    render(<VideoPlayer video={body()} title="Forces" hash="" />);
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Playback speed" }), "1.5");
    expect(videoElement().playbackRate).toBe(1.5);
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual(["0.75×", "1×", "1.25×", "1.5×", "1.75×", "2×"]);
    const chapters = screen.getByRole("navigation", { name: "Chapters" });
    expect(chapters).toHaveTextContent("2:00Newton's second law");
    await userEvent.click(screen.getByRole("button", { name: /Newton's second law/ }));
    expect(videoElement().currentTime).toBe(120);
    expect(screen.getByRole("button", { name: /Newton's second law/ })).toHaveAttribute("aria-current", "true");
  });

  it("saves the position every 10 s while playing and on pause", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const save = vi.fn(() => Promise.resolve());
    render(<VideoPlayer video={body({ resume_at: 20 })} title="Forces" savePosition={save} hash="" />);
    const video = videoElement();
    fireEvent.loadedMetadata(video);
    paused = false;
    const at = (seconds: number) => {
      video.currentTime = seconds;
      fireEvent.timeUpdate(video);
    };
    at(21);
    expect(save).toHaveBeenLastCalledWith(21);
    vi.advanceTimersByTime(4000);
    at(25);
    expect(save).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(6000);
    at(31);
    expect(save).toHaveBeenLastCalledWith(31);
    video.currentTime = 33;
    paused = true;
    fireEvent.pause(video);
    expect(save).toHaveBeenLastCalledWith(33);
    expect(save).toHaveBeenCalledTimes(3);
    vi.useRealTimers();
  });

  it("says so while the video is processing", () => {
    render(<VideoPlayer video={body({ status: "processing", video_url: null })} title="Forces" />);
    expect(screen.getByRole("status")).toHaveTextContent("This video is still being processed.");
    expect(document.querySelector("video")).toBeNull();
  });
});
