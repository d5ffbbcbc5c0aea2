import { lazy, Suspense, useId, type ReactNode } from "react";
import { AlertCircleIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { cn } from "../../lib/cn";
import type { RichTextEditorProps } from "./types";

// TipTap, ProseMirror and KaTeX load with the first editor on screen, not with the app.
const RichTextEditor = lazy(() => import("./RichTextEditor"));

function EditorPlaceholder({ compact }: { compact: boolean }) {
  return (
    <div role="status" className="overflow-hidden rounded-xl bg-white ring-1 ring-slate-300 ring-inset">
      <span className="sr-only">Loading the editor…</span>
      <div className="flex gap-1.5 border-b border-slate-200 bg-slate-50 px-2 py-2">
        {Array.from({ length: compact ? 7 : 14 }, (_, index) => (
          <Skeleton key={index} className="size-6 rounded-md" />
        ))}
      </div>
      <SkeletonText lines={compact ? 2 : 5} className={compact ? "min-h-28 p-3" : "min-h-72 p-5"} />
    </div>
  );
}

export interface RichTextFieldProps extends Omit<RichTextEditorProps, "labelledBy" | "describedBy" | "invalid" | "label" | "readOnly"> {
  label: ReactNode;
  /** Plain-text name for the toolbar ("Question formatting"). Defaults to the label when it's text. */
  name?: string;
  hint?: ReactNode;
  error?: string | null | undefined;
  optional?: boolean;
  containerClassName?: string;
}

/** A labelled rich-text field, styled and wired like the app's other form fields. */
export function RichTextField({ label, name, hint, error, optional = false, containerClassName, variant = "full", ...editor }: RichTextFieldProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const textId = `${id}-text`;
  return (
    <div className={cn("space-y-1.5", containerClassName)}>
      {/* Not a <label>: the text is a contenteditable, named through aria-labelledby. */}
      <span id={labelId} className="block text-sm font-medium text-slate-800" onClick={() => document.getElementById(textId)?.focus()}>
        {label}
        {optional ? <span className="ml-1 font-normal text-slate-500">(optional)</span> : null}
      </span>
      <Suspense fallback={<EditorPlaceholder compact={variant === "compact"} />}>
        <RichTextEditor
          {...editor}
          id={textId}
          variant={variant}
          label={name ?? (typeof label === "string" ? label : "Text")}
          labelledBy={labelId}
          describedBy={error ? errorId : hint ? hintId : undefined}
          invalid={Boolean(error)}
        />
      </Suspense>
      {error ? (
        <p id={errorId} className="flex items-start gap-1.5 text-sm text-rose-600">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          <span>{error}</span>
        </p>
      ) : hint ? (
        <p id={hintId} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
