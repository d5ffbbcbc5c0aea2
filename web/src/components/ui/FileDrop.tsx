import { useId, useState, type DragEvent, type ReactNode } from "react";
import { cn } from "../../lib/cn";
import { UploadIcon } from "./icons";

export interface FileDropProps {
  /** The input's accessible name, e.g. "Upload documents". */
  label: string;
  /** What to show in the zone (defaults to "Drop files here or browse"). */
  prompt?: ReactNode;
  hint?: ReactNode;
  accept?: string;
  multiple?: boolean;
  disabled?: boolean;
  onFiles: (files: File[]) => void;
  className?: string;
  compact?: boolean;
}

/** A drop zone that is also a file picker (a real, labelled file input underneath). */
export function FileDrop({ label, prompt, hint, accept, multiple = false, disabled = false, onFiles, className, compact = false }: FileDropProps) {
  const id = useId();
  const [over, setOver] = useState(false);

  function drop(event: DragEvent<HTMLLabelElement>) {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = Array.from(event.dataTransfer.files);
    if (files.length) onFiles(multiple ? files : files.slice(0, 1));
  }

  return (
    <div className={className}>
      <input
        id={id}
        type="file"
        className="peer sr-only"
        aria-label={label}
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = "";
          if (files.length) onFiles(files);
        }}
      />
      <label
        htmlFor={id}
        onDragOver={(event) => {
          event.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        className={cn(
          "flex flex-col items-center justify-center rounded-2xl border-2 border-dashed text-center transition-colors",
          "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600",
          compact ? "gap-1 px-4 py-5" : "gap-2 px-6 py-9",
          disabled
            ? "cursor-not-allowed border-slate-200 bg-slate-50 text-slate-400"
            : over
              ? "cursor-copy border-brand-500 bg-brand-50/70 text-brand-700"
              : "cursor-pointer border-slate-300 bg-white text-slate-600 hover:border-brand-400 hover:bg-brand-50/40",
        )}
      >
        <span className={cn("flex items-center justify-center rounded-full", compact ? "size-9" : "size-11", disabled ? "bg-slate-100" : "bg-brand-50 text-brand-600")}>
          <UploadIcon size={compact ? 18 : 20} />
        </span>
        <span className="text-sm">
          {prompt ?? (
            <>
              <span className="font-semibold text-brand-700">Choose {multiple ? "files" : "a file"}</span> or drag {multiple ? "them" : "it"} here
            </>
          )}
        </span>
        {hint ? (
          <span id={`${id}-hint`} className="text-xs text-slate-500">
            {hint}
          </span>
        ) : null}
      </label>
    </div>
  );
}
