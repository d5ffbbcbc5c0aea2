import { useCallback, useEffect, useRef, useState } from "react";
import { ABORTED, type UploadProgress } from "../api/upload";
import { ApiError } from "../api/errors";
import type { UploadStatus } from "../components/ui/UploadProgress";
import { errorMessage } from "./error-messages";

export interface UploadItem {
  id: number;
  file: File;
  contentType: string;
  status: UploadStatus;
  loaded: number;
  total: number;
  error: string | null;
  /** Whether trying again could help (a dropped connection, a server hiccup). */
  retryable: boolean;
}

export type UploadRunner = (
  upload: { file: File; contentType: string },
  options: { onProgress: (progress: UploadProgress) => void; signal: AbortSignal },
) => Promise<unknown>;

/** How long a finished upload stays on screen before the list it joined takes over. */
export const DONE_LINGER_MS = 900;

/**
 * Uploads in flight, each with its progress, a way to cancel, and the reason if it failed. Items
 * that could never succeed (wrong type, too large) can be added straight as failed.
 */
export function useUploads(run: UploadRunner, describeError: (error: unknown) => string = errorMessage) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const timers = useRef(new Set<number>());
  const nextId = useRef(1);
  const latest = useRef({ run, describeError });
  useEffect(() => {
    latest.current = { run, describeError };
  });
  useEffect(() => {
    const pending = timers.current;
    const active = controllers.current;
    return () => {
      pending.forEach((timer) => window.clearTimeout(timer));
      active.forEach((controller) => controller.abort());
    };
  }, []);

  const update = useCallback((id: number, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }, []);

  const remove = useCallback((id: number) => {
    controllers.current.get(id)?.abort();
    controllers.current.delete(id);
    setItems((current) => current.filter((item) => item.id !== id));
  }, []);

  const begin = useCallback(
    (id: number, file: File, contentType: string) => {
      const controller = new AbortController();
      controllers.current.set(id, controller);
      latest.current
        .run(
          { file, contentType },
          { onProgress: ({ loaded, total }) => update(id, { loaded, total }), signal: controller.signal },
        )
        .then(() => {
          update(id, { status: "done", loaded: file.size, total: file.size });
          const timer = window.setTimeout(() => {
            timers.current.delete(timer);
            remove(id);
          }, DONE_LINGER_MS);
          timers.current.add(timer);
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.code === ABORTED) {
            setItems((current) => current.filter((item) => item.id !== id));
          } else {
            const transient = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
            update(id, { status: "error", error: latest.current.describeError(error), retryable: transient });
          }
        })
        .finally(() => controllers.current.delete(id));
    },
    [remove, update],
  );

  /** Starts uploading a file, or shows it as failed with `problem` (a local check). */
  const add = useCallback(
    (file: File, contentType: string | null, problem?: string | null) => {
      const id = nextId.current++;
      const failed = problem || !contentType;
      setItems((current) => [
        ...current,
        {
          id,
          file,
          contentType: contentType ?? "",
          status: failed ? "error" : "uploading",
          loaded: 0,
          total: file.size,
          error: failed ? (problem ?? "This type of file isn't accepted here.") : null,
          retryable: false,
        },
      ]);
      if (!failed && contentType) begin(id, file, contentType);
    },
    [begin],
  );

  const retry = useCallback(
    (id: number) => {
      const item = items.find((candidate) => candidate.id === id);
      if (!item?.contentType || !item.retryable) return;
      update(id, { status: "uploading", loaded: 0, error: null, retryable: false });
      begin(id, item.file, item.contentType);
    },
    [begin, items, update],
  );

  return { items, add, retry, cancel: remove, dismiss: remove, busy: items.some((item) => item.status === "uploading") };
}
