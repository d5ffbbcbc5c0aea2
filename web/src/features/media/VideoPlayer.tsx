/**
 * A video lesson for learners, reviewers and authors: the browser's own `<video>` controls plus
 * captions, playback speed, keyboard control, chapters and resuming where the learner stopped.
 *
 * Props:
 * - `video`: the item's body as read (`VideoBody` from the contract: urls, captions, chapters,
 *   thumbnails, duration, `resume_at`).
 * - `title`: the lesson's title (the player's accessible name).
 * - `savePosition(seconds)`: `PUT /api/v1/content/{item_id}/position`; called every
 *   `saveEveryMs` (10 s) while playing, on pause, on end and when the page is hidden or left.
 *   Leave it out for authors and reviewers (their position isn't stored).
 * - `hash`: the URL fragment to read `#t=<seconds>` from (defaults to `window.location.hash`,
 *   and follows `hashchange`, so a search hit on the same page seeks).
 *
 * Keys while the player has focus: space/k play-pause, j/l -/+10 s, arrows -/+5 s,
 * f fullscreen, c captions on/off.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { Alert } from "../../components/ui/Alert";
import { Select } from "../../components/ui/Field";
import { Spinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import type { VideoBody } from "./contract";
import { chapterAt, formatClock, startFromHash } from "./media-time";
import { PLAYBACK_RATES, playerCommand, PositionReporter, spriteTile, startPosition } from "./player-logic";

export interface VideoPlayerProps {
  video: Pick<VideoBody, "status" | "video_url" | "poster_url" | "captions" | "chapters" | "duration_seconds" | "thumbnails" | "resume_at" | "width" | "height">;
  title: string;
  savePosition?: (seconds: number) => unknown;
  saveEveryMs?: number;
  hash?: string;
  className?: string;
}

function isTyping(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA", "BUTTON"].includes(target.tagName));
}

export function VideoPlayer({ video, title, savePosition, saveEveryMs = 10_000, hash, className }: VideoPlayerProps) {
  const element = useRef<HTMLVideoElement | null>(null);
  const frame = useRef<HTMLDivElement | null>(null);
  const [rate, setRate] = useState(1);
  const [now, setNow] = useState(0);
  const [announce, setAnnounce] = useState("");
  const lastCaption = useRef(0);
  const started = useRef(false);

  const save = useRef(savePosition);
  useEffect(() => {
    save.current = savePosition;
  });
  const [reporter] = useState(() => new PositionReporter(saveEveryMs));
  const send = useCallback((seconds: number | null) => {
    // A lost save is not worth an error: the next one carries a newer position anyway.
    if (seconds !== null) void Promise.resolve(save.current?.(seconds)).catch(() => undefined);
  }, []);

  const flush = useCallback(() => {
    const current = element.current;
    if (current && started.current && save.current) send(reporter.flush(current.currentTime, Date.now()));
  }, [reporter, send]);

  // Leaving the page (or the tab going to the background on a phone) is the last chance to save.
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === "hidden") flush();
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", hidden);
      flush();
    };
  }, [flush]);

  const seek = useCallback((seconds: number, play = false) => {
    const current = element.current;
    if (!current) return;
    const end = Number.isFinite(current.duration) ? current.duration : (video.duration_seconds ?? Infinity);
    current.currentTime = Math.max(0, Math.min(seconds, end));
    setNow(current.currentTime);
    if (play) void current.play()?.catch(() => undefined);
  }, [video.duration_seconds]);

  // A `#t=` link followed while the page is open (a search hit on the same lesson).
  useEffect(() => {
    if (hash !== undefined) return;
    const follow = () => {
      const linked = startFromHash(window.location.hash);
      if (linked !== null) seek(linked, true);
    };
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [hash, seek]);

  function onLoadedMetadata() {
    const current = element.current;
    if (!current || started.current) return;
    started.current = true;
    const linked = startFromHash(hash ?? window.location.hash);
    const duration = Number.isFinite(current.duration) ? current.duration : video.duration_seconds ?? null;
    const start = startPosition(linked, video.resume_at ?? null, duration);
    reporter.known(video.resume_at ?? 0);
    if (start > 0) seek(start);
    current.playbackRate = rate;
  }

  function toggleCaptions() {
    const tracks = Array.from(element.current?.textTracks ?? []);
    if (!tracks.length) return;
    const showing = tracks.findIndex((track) => track.mode === "showing");
    if (showing >= 0) {
      lastCaption.current = showing;
      tracks.forEach((track) => (track.mode = "disabled"));
      setAnnounce("Captions off");
    } else {
      const track = tracks[lastCaption.current] ?? tracks[0];
      if (track) {
        track.mode = "showing";
        setAnnounce(`Captions: ${track.label || track.language}`);
      }
    }
  }

  function toggleFullscreen() {
    const target = frame.current;
    if (!target) return;
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
    else void target.requestFullscreen?.().catch(() => undefined);
  }

  function onKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (event.target !== element.current && isTyping(event.target)) return;
    const command = playerCommand(event);
    const current = element.current;
    if (!command || !current) return;
    // The native controls would act on space and the arrows too: one action per key.
    event.preventDefault();
    switch (command.type) {
      case "toggle":
        if (current.paused) void current.play()?.catch(() => undefined);
        else current.pause();
        break;
      case "seekBy":
        seek(current.currentTime + command.seconds);
        setAnnounce(`${command.seconds > 0 ? "Forward" : "Back"} ${Math.abs(command.seconds)} seconds, ${formatClock(current.currentTime)}`);
        break;
      case "fullscreen":
        toggleFullscreen();
        break;
      case "captions":
        toggleCaptions();
        break;
    }
  }

  if (video.status !== "ready" || !video.video_url) {
    return video.status === "failed" ? (
      <Alert tone="danger" title="This video can't be played">
        It could not be processed. The author has been told.
      </Alert>
    ) : (
      <div role="status" className="flex aspect-video items-center justify-center gap-3 rounded-2xl bg-slate-900 text-sm text-slate-200">
        <Spinner className="size-5" />
        This video is still being processed.
      </div>
    );
  }

  const chapters = video.chapters;
  const active = chapterAt(chapters, now);
  const aspect = video.width && video.height ? `${video.width} / ${video.height}` : "16 / 9";

  return (
    <div className={cn("space-y-3", className)}>
      <div
        ref={frame}
        role="group"
        aria-label={`Video: ${title}`}
        aria-roledescription="video player"
        tabIndex={0}
        onKeyDown={onKeyDown}
        className="overflow-hidden rounded-2xl bg-black focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        <video
          ref={element}
          className="block h-auto w-full"
          style={{ aspectRatio: aspect }}
          src={video.video_url}
          poster={video.poster_url ?? undefined}
          controls
          preload="metadata"
          playsInline
          // Captions and signed storage links come from another origin: CORS mode, no credentials.
          crossOrigin="anonymous"
          aria-label={title}
          onLoadedMetadata={onLoadedMetadata}
          onTimeUpdate={(event) => {
            const time = event.currentTarget.currentTime;
            setNow(time);
            if (!event.currentTarget.paused && save.current) send(reporter.tick(time, Date.now()));
          }}
          onPause={flush}
          onEnded={flush}
          onRateChange={(event) => setRate(event.currentTarget.playbackRate)}
        >
          {(video.captions ?? []).map((caption) => (
            <track key={caption.id} kind="captions" src={caption.url} srcLang={caption.language} label={caption.label} />
          ))}
        </video>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
        <p className="text-xs text-slate-500">Keys: space play · j/l ±10 s · ←/→ ±5 s · f full screen · c captions</p>
        <label className="flex items-center gap-2">
          <span>Speed</span>
          <Select
            aria-label="Playback speed"
            className="w-24"
            value={String(rate)}
            onChange={(event) => {
              const next = Number(event.target.value);
              setRate(next);
              if (element.current) element.current.playbackRate = next;
            }}
          >
            {PLAYBACK_RATES.map((value) => (
              <option key={value} value={String(value)}>
                {value}×
              </option>
            ))}
          </Select>
        </label>
      </div>
      <p aria-live="polite" className="sr-only">
        {announce}
      </p>
      {chapters.length ? (
        <nav aria-label="Chapters">
          <ol className="divide-y divide-slate-100 rounded-xl bg-white ring-1 ring-slate-200">
            {chapters.map((chapter, index) => (
              <li key={`${chapter.start}-${index}`}>
                <button
                  type="button"
                  aria-current={index === active ? "true" : undefined}
                  onClick={() => seek(chapter.start, true)}
                  className={cn(
                    "flex w-full items-center gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600",
                    index === active ? "font-semibold text-brand-700" : "text-slate-700",
                  )}
                >
                  {video.thumbnails ? <span aria-hidden="true" className="shrink-0 rounded bg-slate-100 bg-no-repeat" style={spriteTile(video.thumbnails, chapter.start, 64)} /> : null}
                  <span className="w-14 shrink-0 text-slate-500 tabular-nums">{formatClock(chapter.start)}</span>
                  <span className="min-w-0 flex-1 truncate">{chapter.title}</span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
    </div>
  );
}
