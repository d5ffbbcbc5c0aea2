/**
 * The author's field for a `handwritten` content item: choose one PDF or the photos of the
 * pages, upload them with progress, wait for the server to check them and render thumbnails,
 * then see the pages.
 *
 * Props:
 * - `documentId`: the body's `document_id`, null before the first upload.
 * - `onChange(documentId, state)`: a new document; `state.ready` once it is processed (what
 *   submitting for review needs), `state.busy` while uploading.
 * - `api.upload(files, { onProgress, signal })`: `POST /api/v1/handwritten/documents` as a
 *   multipart form (`postForm(url, notesForm(files), options)` from `form-upload.ts` does it).
 * - `api.getDocument(id)`: `GET /api/v1/handwritten/documents/{id}`.
 * - `pollIntervalMs`: how often a processing document is checked (default 2 s).
 *
 * Uses react-query (key `["media", "document", id]`), so it needs the app's QueryClientProvider.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { FileDrop } from "../../components/ui/FileDrop";
import { ErrorState, LoadingState } from "../../components/ui/States";
import { UploadProgress } from "../../components/ui/UploadProgress";
import { AlertCircleIcon, UploadIcon } from "../../components/ui/icons";
import { ApiError } from "../../api/errors";
import { ABORTED, type UploadProgress as Progress } from "../../api/upload";
import { acceptAttribute, formatBytes } from "../../lib/files";
import { uploadErrorMessage } from "../../lib/upload-errors";
import type { HandwrittenDocument } from "./contract";
import { NOTES_MAX_IMAGES, NOTES_POLICY, notesFiles } from "./media-files";
import { documentQueryKey } from "./query-keys";

export interface NotesFieldApi {
  upload: (files: File[], options: { onProgress: (progress: Progress) => void; signal: AbortSignal }) => Promise<HandwrittenDocument>;
  getDocument: (documentId: string) => Promise<HandwrittenDocument>;
}

export interface NotesUploadFieldProps {
  documentId: string | null;
  onChange: (documentId: string, state: { ready: boolean; busy: boolean }) => void;
  api: NotesFieldApi;
  pollIntervalMs?: number;
  disabled?: boolean;
}

interface Sending {
  files: File[];
  loaded: number;
  total: number;
  error: string | null;
}

export function NotesUploadField({ documentId, onChange, api, pollIntervalMs = 2000, disabled = false }: NotesUploadFieldProps) {
  const queryClient = useQueryClient();
  const [sending, setSending] = useState<Sending | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const document = useQuery({
    queryKey: documentQueryKey(documentId ?? ""),
    queryFn: () => api.getDocument(documentId ?? ""),
    enabled: documentId !== null,
    refetchInterval: (query) => (query.state.data?.status === "processing" ? pollIntervalMs : false),
  });

  const busy = sending !== null && sending.error === null;
  const ready = document.data?.status === "ready" && !busy;
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (documentId) latest.current(documentId, { ready, busy });
  }, [documentId, ready, busy]);

  function send(files: File[]) {
    controller.current?.abort();
    const own = new AbortController();
    controller.current = own;
    const total = files.reduce((sum, file) => sum + file.size, 0);
    setSending({ files, loaded: 0, total, error: null });
    api
      .upload(files, { signal: own.signal, onProgress: ({ loaded }) => setSending((current) => (current ? { ...current, loaded } : current)) })
      .then((created) => {
        queryClient.setQueryData(documentQueryKey(created.id), created);
        setSending(null);
        setReplacing(false);
        latest.current(created.id, { ready: created.status === "ready", busy: false });
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === ABORTED) return;
        setSending((current) => (current ? { ...current, error: uploadErrorMessage(error, NOTES_POLICY) } : current));
      });
  }

  function pick(files: File[]) {
    const checked = notesFiles(files);
    setProblem(checked.problem);
    if (checked.files) send(checked.files);
  }

  if (sending) {
    const name = sending.files.length === 1 ? (sending.files[0]?.name ?? "") : `${sending.files.length} pages`;
    return (
      <UploadProgress
        name={name}
        size={sending.total}
        contentType={sending.files[0]?.type}
        loaded={sending.loaded}
        total={sending.total}
        status={sending.error ? "error" : "uploading"}
        error={sending.error}
        onCancel={() => {
          controller.current?.abort();
          setSending(null);
        }}
        onRetry={() => send(sending.files)}
        onDismiss={() => setSending(null)}
      />
    );
  }

  if (!documentId || replacing) {
    return (
      <div className="space-y-2">
        <FileDrop
          label="Upload handwritten notes"
          multiple
          accept={acceptAttribute(NOTES_POLICY)}
          disabled={disabled}
          hint={`One PDF, or up to ${NOTES_MAX_IMAGES} photos or scans of the pages (${NOTES_POLICY.label}), ${formatBytes(NOTES_POLICY.maxBytes)} in all. Photos are ordered by file name.`}
          onFiles={pick}
        />
        {problem ? (
          <p role="alert" className="flex items-start gap-1.5 text-sm text-rose-600">
            <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
            {problem}
          </p>
        ) : null}
        {replacing ? (
          <Button size="sm" variant="ghost" onClick={() => setReplacing(false)}>
            Keep the current notes
          </Button>
        ) : null}
      </div>
    );
  }

  if (document.isPending) return <LoadingState label="Loading the notes…" />;
  if (document.isError) return <ErrorState error={document.error} title="We couldn't load the notes" onRetry={() => void document.refetch()} />;

  const data = document.data;
  const replace = (
    <Button size="sm" variant="secondary" icon={<UploadIcon size={16} />} onClick={() => setReplacing(true)} disabled={disabled}>
      Upload other files
    </Button>
  );
  if (data.status === "processing") return <LoadingState label="Checking the files and drawing page previews…" />;
  if (data.status === "failed") {
    return (
      <Alert tone="danger" role="alert" title="We couldn't use these files" action={replace}>
        {data.failure?.message ?? "They could not be read."}
      </Alert>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-700">
          {data.page_count} page{data.page_count === 1 ? "" : "s"} · {data.source_type === "application/pdf" ? "PDF" : "images"}
        </p>
        {replace}
      </div>
      <ol className="grid grid-cols-3 gap-2 sm:grid-cols-6" aria-label="Pages">
        {data.pages.map((page) => (
          <li key={page.number} className="overflow-hidden rounded-lg bg-white ring-1 ring-slate-200">
            {page.thumbnail_url ? <img src={page.thumbnail_url} alt={`Page ${page.number}`} loading="lazy" className="aspect-[3/4] w-full object-contain" /> : <span className="block aspect-[3/4]" />}
          </li>
        ))}
      </ol>
    </div>
  );
}
