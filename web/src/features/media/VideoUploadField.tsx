/**
 * The author's field for a `video` content item: pick a file, upload it resumably (progress,
 * pause, resume, cancel), watch the server process it, then add captions and chapters.
 *
 * Props:
 * - `value`: `{ video_id, chapters }` of the body being edited (`video_id` null before the first upload).
 * - `onChange(value, state)`: on a new video or edited chapters; `state.ready` is true when the
 *   video is processed and every chapter row is valid (what submitting for review needs),
 *   `state.busy` while bytes are still going up.
 * - `api` ({@link VideoFieldApi}): the uploads' five calls (`MultipartApi`), `getVideo`, and the
 *   captions' add/remove. Bind them to the generated client.
 * - `pollIntervalMs`: how often a processing video is checked (default 2 s).
 * - `resumeStore`: where upload ids wait between page loads (localStorage by default);
 *   `sendPart`: how one part's bytes travel (XMLHttpRequest by default).
 *
 * Uses react-query (key `["media", "video", id]`), so it needs the app's QueryClientProvider.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { FileDrop } from "../../components/ui/FileDrop";
import { ErrorState, LoadingState } from "../../components/ui/States";
import { AlertCircleIcon, RefreshIcon, UploadIcon, XIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { acceptAttribute, contentTypeFor, fileProblem, formatBytes, uploadPercent } from "../../lib/files";
import { CaptionsEditor, type CaptionInput } from "./CaptionsEditor";
import { ChaptersEditor } from "./ChaptersEditor";
import type { Caption, Chapter, Video } from "./contract";
import { formatClock } from "./media-time";
import { interruptedUploads, localResumeStore, type MultipartApi, type PartSender, type ResumeStore } from "./resumable-upload";
import { VIDEO_POLICY } from "./media-files";
import { videoQueryKey } from "./query-keys";
import { useVideoUpload, type VideoUploadState } from "./use-video-upload";

export interface VideoFieldApi {
  uploads: MultipartApi;
  getVideo: (videoId: string) => Promise<Video>;
  addCaption: (videoId: string, input: CaptionInput) => Promise<Caption>;
  removeCaption: (videoId: string, captionId: string) => Promise<void>;
}

export interface VideoFieldValue {
  video_id: string | null;
  chapters: Chapter[];
}

export interface VideoFieldState {
  ready: boolean;
  busy: boolean;
}

export interface VideoUploadFieldProps {
  value: VideoFieldValue;
  onChange: (value: VideoFieldValue, state: VideoFieldState) => void;
  api: VideoFieldApi;
  pollIntervalMs?: number;
  resumeStore?: ResumeStore;
  sendPart?: PartSender;
  disabled?: boolean;
}

/** A progress bar in the same look as `UploadProgress`, for uploads and processing. */
function ProgressBar({ label, percent, text, tone = "brand" }: { label: string; percent: number; text: string; tone?: "brand" | "muted" }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={text} className="h-1.5 overflow-hidden rounded-full bg-slate-100">
      <div className={cn("h-full rounded-full transition-[width] duration-200", tone === "brand" ? "bg-brand-600" : "bg-slate-400")} style={{ width: `${percent}%` }} />
    </div>
  );
}

function UploadRow({ state, onPause, onResume, onCancel }: { state: VideoUploadState; onPause: () => void; onResume: () => void; onCancel: () => void }) {
  const file = state.file;
  if (!file) return null;
  const percent = uploadPercent(state.loaded, state.total);
  const status = state.phase === "paused" ? "Paused" : state.phase === "error" ? "Stopped" : state.resumed ? "Resuming" : "Uploading";
  return (
    <div className={cn("space-y-2 rounded-xl p-3 ring-1 ring-inset", state.phase === "error" ? "bg-rose-50/60 ring-rose-200" : "bg-white ring-slate-200")}>
      <div className="flex items-baseline justify-between gap-3">
        <p className="truncate text-sm font-medium text-slate-900">{file.name}</p>
        <p className="shrink-0 text-xs text-slate-500 tabular-nums">
          {status} · {percent}% of {formatBytes(file.size)}
        </p>
      </div>
      <ProgressBar label={`Uploading ${file.name}`} percent={percent} text={`${status}: ${percent}% of ${formatBytes(file.size)}`} tone={state.phase === "uploading" ? "brand" : "muted"} />
      {state.phase === "error" ? (
        <p role="alert" className="flex items-start gap-1.5 text-sm text-rose-700">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          {state.error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        {state.phase === "uploading" ? (
          <Button size="sm" variant="secondary" onClick={onPause}>
            Pause
          </Button>
        ) : state.phase === "paused" || (state.phase === "error" && state.retryable) ? (
          <Button size="sm" variant="secondary" icon={<RefreshIcon size={16} />} onClick={onResume}>
            {state.phase === "error" ? "Try again" : "Resume"}
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" icon={<XIcon size={16} />} onClick={onCancel}>
          Cancel upload
        </Button>
      </div>
    </div>
  );
}

export function VideoUploadField({ value, onChange, api, pollIntervalMs = 2000, resumeStore, sendPart, disabled = false }: VideoUploadFieldProps) {
  const queryClient = useQueryClient();
  const [pickProblem, setPickProblem] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);

  const chaptersValid = useRef(true);
  const latest = useRef({ value, onChange });
  useEffect(() => {
    latest.current = { value, onChange };
  });

  const upload = useVideoUpload({
    api: api.uploads,
    ...(resumeStore ? { store: resumeStore } : {}),
    ...(sendPart ? { sendPart } : {}),
    onUploaded: (videoId, video) => {
      if (video) queryClient.setQueryData(videoQueryKey(videoId), video);
      setReplacing(false);
      // A new video: chapters written for another recording rarely fit it.
      latest.current.onChange({ video_id: videoId, chapters: [] }, { ready: false, busy: false });
    },
  });
  const busy = upload.state.phase !== "idle";

  const videoId = value.video_id;
  const video = useQuery({
    queryKey: videoQueryKey(videoId ?? ""),
    queryFn: () => api.getVideo(videoId ?? ""),
    enabled: videoId !== null,
    refetchInterval: (query) => (query.state.data?.status === "processing" ? pollIntervalMs : false),
  });
  const status = video.data?.status;

  // Tell the form when the item becomes submittable (processing finished, chapters valid).
  const ready = status === "ready" && !busy;
  useEffect(() => {
    latest.current.onChange(latest.current.value, { ready: ready && chaptersValid.current, busy });
  }, [ready, busy]);

  function pick(files: File[]) {
    const file = files[0];
    if (!file) return;
    const problem = fileProblem(file, VIDEO_POLICY);
    setPickProblem(problem);
    const contentType = contentTypeFor(file, VIDEO_POLICY);
    if (!problem && contentType) upload.start(file, contentType);
  }

  // What an earlier visit left half uploaded (known only with the default storage).
  const interrupted = !resumeStore || resumeStore === localResumeStore ? interruptedUploads() : [];
  const picker = (
    <div className="space-y-2">
      {interrupted.map((upload) => (
        <Alert key={`${upload.size}:${upload.name}`} tone="info" title={`The upload of ${upload.name} was interrupted`}>
          Choose the same file ({formatBytes(upload.size)}) again and it continues where it stopped.
        </Alert>
      ))}
      <FileDrop
        label="Upload a video"
        accept={acceptAttribute(VIDEO_POLICY)}
        disabled={disabled || busy}
        hint={`${VIDEO_POLICY.label}, up to ${formatBytes(VIDEO_POLICY.maxBytes)}. An interrupted upload continues when you choose the same file again.`}
        onFiles={pick}
      />
      {pickProblem ? (
        <p role="alert" className="flex items-start gap-1.5 text-sm text-rose-600">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          {pickProblem}
        </p>
      ) : null}
    </div>
  );

  if (busy) {
    return <UploadRow state={upload.state} onPause={upload.pause} onResume={upload.resume} onCancel={() => void upload.cancel()} />;
  }
  if (!videoId || replacing) {
    return (
      <div className="space-y-3">
        {picker}
        {replacing ? (
          <Button size="sm" variant="ghost" onClick={() => setReplacing(false)}>
            Keep the current video
          </Button>
        ) : null}
      </div>
    );
  }
  if (video.isPending) return <LoadingState label="Loading the video…" />;
  if (video.isError) return <ErrorState error={video.error} title="We couldn't load the video" onRetry={() => void video.refetch()} />;

  const data = video.data;
  const replace = (
    <Button size="sm" variant="secondary" icon={<UploadIcon size={16} />} onClick={() => setReplacing(true)} disabled={disabled}>
      Upload another file
    </Button>
  );

  if (data.status === "processing") {
    const percent = Math.round(Math.min(1, Math.max(0, data.progress)) * 100);
    return (
      <div className="space-y-2 rounded-xl bg-white p-3 ring-1 ring-inset ring-slate-200">
        <div className="flex items-baseline justify-between gap-3">
          <p className="truncate text-sm font-medium text-slate-900">{data.filename}</p>
          <p className="shrink-0 text-xs text-slate-500 tabular-nums">Processing {percent} %</p>
        </div>
        <ProgressBar label={`Processing ${data.filename}`} percent={percent} text={`Processing: ${percent}%`} />
        <p className="text-sm text-slate-500">We're converting it for every device. You can leave this page; it carries on.</p>
      </div>
    );
  }
  if (data.status === "failed") {
    return (
      <div className="space-y-3">
        <Alert tone="danger" role="alert" title="We couldn't process this video" action={replace}>
          {data.failure?.message ?? "The file could not be read as a video."} Export it again (MP4 with H.264 works everywhere) and upload it once more.
        </Alert>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-4 rounded-xl bg-white p-3 ring-1 ring-inset ring-slate-200">
        {data.poster_url ? <img src={data.poster_url} alt="" className="h-16 w-28 rounded-lg bg-slate-100 object-cover" /> : null}
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900">{data.filename}</p>
          <p className="text-xs text-slate-500 tabular-nums">
            {data.duration_seconds != null ? formatClock(data.duration_seconds) : null}
            {data.width && data.height ? ` · ${data.width}×${data.height}` : null}
          </p>
        </div>
        {replace}
      </div>
      <CaptionsEditor
        captions={data.captions}
        disabled={disabled}
        addCaption={(input) => api.addCaption(data.id, input)}
        removeCaption={(captionId) => api.removeCaption(data.id, captionId)}
        onChanged={() => void queryClient.invalidateQueries({ queryKey: videoQueryKey(data.id) })}
      />
      <ChaptersEditor
        chapters={value.chapters}
        durationSeconds={data.duration_seconds}
        disabled={disabled}
        onChange={(chapters, valid) => {
          chaptersValid.current = valid;
          onChange({ video_id: data.id, chapters }, { ready: valid, busy: false });
        }}
      />
    </div>
  );
}
