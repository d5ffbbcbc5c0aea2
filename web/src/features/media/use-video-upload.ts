import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/errors";
import { ABORTED } from "../../api/upload";
import { uploadErrorMessage } from "../../lib/upload-errors";
import { VIDEO_POLICY } from "./media-files";
import type { Video } from "./contract";
import { discardResumable, isTransient, uploadResumable, type MultipartApi, type PartSender, type ResumeStore } from "./resumable-upload";

export type VideoUploadPhase = "idle" | "uploading" | "paused" | "error";

export interface VideoUploadState {
  phase: VideoUploadPhase;
  file: File | null;
  loaded: number;
  total: number;
  /** The upload continued one the server already had (after a reload or a pause). */
  resumed: boolean;
  error: string | null;
  /** Whether resuming could help (a dropped connection, a server hiccup). */
  retryable: boolean;
}

const IDLE: VideoUploadState = { phase: "idle", file: null, loaded: 0, total: 0, resumed: false, error: null, retryable: false };

/**
 * One video upload with pause, resume and cancel. `onUploaded` gets the new video once the
 * parts are assembled (the server then processes it). Unmounting pauses: the parts stay on the
 * server and picking the same file again resumes.
 */
export function useVideoUpload({ api, store, sendPart, onUploaded }: { api: MultipartApi; store?: ResumeStore; sendPart?: PartSender; onUploaded: (videoId: string, video: Video | null) => void }) {
  const [state, setState] = useState<VideoUploadState>(IDLE);
  const controller = useRef<AbortController | null>(null);
  const current = useRef<{ file: File; contentType: string } | null>(null);
  const latest = useRef({ api, store, sendPart, onUploaded });
  useEffect(() => {
    latest.current = { api, store, sendPart, onUploaded };
  });
  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback((file: File, contentType: string) => {
    controller.current?.abort();
    const own = new AbortController();
    controller.current = own;
    current.current = { file, contentType };
    setState((previous) => ({ ...IDLE, phase: "uploading", file, loaded: previous.file === file ? previous.loaded : 0, total: file.size }));
    const { api: multipart, store: resumeStore, sendPart: sender } = latest.current;
    uploadResumable(file, {
      api: multipart,
      contentType,
      signal: own.signal,
      ...(resumeStore ? { store: resumeStore } : {}),
      ...(sender ? { sendPart: sender } : {}),
      onStart: (_upload, resumed) => setState((previous) => (own.signal.aborted ? previous : { ...previous, resumed })),
      onProgress: ({ loaded, total }) => setState((previous) => (own.signal.aborted ? previous : { ...previous, loaded, total })),
    })
      .then((result) => {
        if (controller.current !== own) return;
        controller.current = null;
        current.current = null;
        setState(IDLE);
        latest.current.onUploaded(result.videoId, result.video);
      })
      .catch((error: unknown) => {
        // A pause or cancel set the state already.
        if (own.signal.aborted || (error instanceof ApiError && error.code === ABORTED)) return;
        setState((previous) => ({ ...previous, phase: "error", error: uploadErrorMessage(error, VIDEO_POLICY), retryable: isTransient(error) }));
      });
  }, []);

  const pause = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState((previous) => (previous.phase === "uploading" ? { ...previous, phase: "paused" } : previous));
  }, []);

  const resume = useCallback(() => {
    if (current.current) run(current.current.file, current.current.contentType);
  }, [run]);

  const cancel = useCallback(async () => {
    controller.current?.abort();
    controller.current = null;
    const file = current.current?.file;
    current.current = null;
    setState(IDLE);
    const { api: multipart, store: resumeStore } = latest.current;
    // Best effort: a stale upload is aborted by the server's cleanup job anyway.
    if (file) await discardResumable(file, { api: multipart, ...(resumeStore ? { store: resumeStore } : {}) }).catch(() => undefined);
  }, []);

  return { state, start: run, pause, resume, cancel };
}
