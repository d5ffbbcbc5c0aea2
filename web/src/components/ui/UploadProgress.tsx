import { formatBytes, isImageType, uploadPercent } from "../../lib/files";
import { cn } from "../../lib/cn";
import { AlertCircleIcon, CheckCircleIcon, FileTextIcon, ImageIcon, RefreshIcon, XIcon } from "./icons";

export type UploadStatus = "uploading" | "done" | "error";

export interface UploadProgressProps {
  name: string;
  size: number;
  contentType?: string;
  loaded: number;
  total: number;
  status: UploadStatus;
  error?: string | null;
  onCancel?: () => void;
  onRetry?: () => void;
  onDismiss?: () => void;
  className?: string;
}

/** One file on its way up: name, a real progress bar, then success or the reason it failed. */
export function UploadProgress({ name, size, contentType = "", loaded, total, status, error, onCancel, onRetry, onDismiss, className }: UploadProgressProps) {
  const percent = status === "done" ? 100 : uploadPercent(loaded, total);
  return (
    <div
      className={cn(
        "flex items-start gap-3 rounded-xl p-3 ring-1 ring-inset",
        status === "error" ? "bg-rose-50/60 ring-rose-200" : "bg-white ring-slate-200",
        className,
      )}
    >
      <span
        className={cn(
          "flex size-9 shrink-0 items-center justify-center rounded-lg",
          status === "error" ? "bg-rose-100 text-rose-600" : status === "done" ? "bg-emerald-50 text-emerald-600" : "bg-brand-50 text-brand-600",
        )}
      >
        {status === "error" ? <AlertCircleIcon size={18} /> : status === "done" ? <CheckCircleIcon size={18} /> : isImageType(contentType) ? <ImageIcon size={18} /> : <FileTextIcon size={18} />}
      </span>
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-3">
          <p className="truncate text-sm font-medium text-slate-900">{name}</p>
          <p className="shrink-0 text-xs text-slate-500 tabular-nums">
            {status === "uploading" ? `${percent}%` : status === "done" ? "Uploaded" : formatBytes(size)}
          </p>
        </div>
        {status === "error" ? (
          <p role="alert" className="mt-1 text-sm text-rose-700">
            {error ?? "The upload failed."}
          </p>
        ) : (
          <div
            role="progressbar"
            aria-label={`Uploading ${name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={status === "done" ? "Uploaded" : `${percent}% of ${formatBytes(size)}`}
            className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100"
          >
            <div
              className={cn("h-full rounded-full transition-[width] duration-200", status === "done" ? "bg-emerald-500" : "bg-brand-600")}
              style={{ width: `${percent}%` }}
            />
          </div>
        )}
      </div>
      <div className="flex shrink-0 items-center gap-1">
        {status === "error" && onRetry ? (
          <button type="button" onClick={onRetry} className="rounded-md p-1.5 text-slate-500 hover:bg-white hover:text-slate-700" aria-label={`Retry ${name}`}>
            <RefreshIcon size={16} />
          </button>
        ) : null}
        {status === "uploading" && onCancel ? (
          <button type="button" onClick={onCancel} className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label={`Cancel upload of ${name}`}>
            <XIcon size={16} />
          </button>
        ) : null}
        {status !== "uploading" && onDismiss ? (
          <button type="button" onClick={onDismiss} className="rounded-md p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label={`Dismiss ${name}`}>
            <XIcon size={16} />
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** One file of an upload list (what `useUploads` keeps for each file). */
export interface UploadListItem {
  id: number;
  file: File;
  contentType: string;
  loaded: number;
  total: number;
  status: UploadStatus;
  error: string | null;
  retryable: boolean;
}

export interface UploadActions {
  onCancel: (id: number) => void;
  onRetry: (id: number) => void;
  onDismiss: (id: number) => void;
}

/** One file of an upload list, with cancel, retry (when it could help) and dismiss. */
export function UploadItemProgress({ item, onCancel, onRetry, onDismiss }: { item: UploadListItem } & UploadActions) {
  return (
    <UploadProgress
      name={item.file.name}
      size={item.file.size}
      contentType={item.contentType}
      loaded={item.loaded}
      total={item.total}
      status={item.status}
      error={item.error}
      onCancel={() => onCancel(item.id)}
      onRetry={item.retryable ? () => onRetry(item.id) : undefined}
      onDismiss={() => onDismiss(item.id)}
    />
  );
}

/** Files on their way up, as a labelled group. */
export function UploadList({ label, items, ...actions }: { label: string; items: readonly UploadListItem[] } & UploadActions) {
  if (items.length === 0) return null;
  return (
    <div className="space-y-2" aria-label={label} role="group">
      {items.map((item) => (
        <UploadItemProgress key={item.id} item={item} {...actions} />
      ))}
    </div>
  );
}
