/**
 * A `handwritten` content item as readers get it: the notes viewer with the annotation tools
 * (pen, highlighter, comment pins, eraser, colour, undo/redo, autosave) over every page. Lazily
 * loaded: use `LazyHandwrittenNotes` from `lazy.ts`.
 *
 * Props:
 * - `notes`: the item's body as read (`HandwrittenBody`).
 * - `title`: the item's title.
 * - `itemId`: the content item (annotations and their offline queue are per item).
 * - `currentUserId`: whose annotations are editable; everyone else's are shown read-only.
 * - `canPublish`: the item's author, who may publish their annotations to all students.
 * - `annotations` ({@link AnnotationsSource}): `load` (GET list), `save(id, body)` (PUT),
 *   `remove(id)` (DELETE). Leave it out for a plain viewer (e.g. the review preview).
 * - `share` ({@link ShareApi}): offers the "share" tool (an annotation into the forum or a
 *   session chat); left out, annotations are not shared from here.
 */
import { useState, type KeyboardEvent } from "react";
import { ErrorState } from "../../components/ui/States";
import { Spinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import type { LocalAnnotation, Tool } from "./annotations";
import type { HandwrittenBody, Visibility } from "./contract";
import { InkLayer } from "./InkLayer";
import NotesViewer from "./NotesViewer";
import { ShareAnnotationDialog, type ShareApi } from "./ShareAnnotationDialog";
import { useAnnotations, type AnnotationsSource } from "./use-annotations";

export interface HandwrittenNotesProps {
  notes: Pick<HandwrittenBody, "status" | "source_type" | "pages" | "pdf_url">;
  title: string;
  itemId: string;
  currentUserId: string;
  canPublish?: boolean;
  annotations?: AnnotationsSource;
  share?: ShareApi;
  className?: string;
}

const INK_COLORS = ["#1d4ed8", "#dc2626", "#16a34a", "#111827", "#f59e0b"] as const;

const TOOLS: { tool: Tool; label: string; glyph: string; key: string }[] = [
  { tool: "read", label: "Read (no tool)", glyph: "☝", key: "Escape" },
  { tool: "pen", label: "Pen", glyph: "✎", key: "" },
  { tool: "highlighter", label: "Highlight a region", glyph: "▭", key: "" },
  { tool: "comment", label: "Add a comment", glyph: "✚", key: "" },
  { tool: "eraser", label: "Eraser", glyph: "⌫", key: "" },
  { tool: "share", label: "Share an annotation: pick one", glyph: "↗", key: "" },
];

function toolButton(active: boolean) {
  return cn("flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-base", active ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100");
}

export default function HandwrittenNotes({ notes, title, annotations, ...rest }: HandwrittenNotesProps) {
  if (!annotations) return <NotesViewer notes={notes} title={title} className={rest.className} />;
  return <AnnotatedNotes notes={notes} title={title} source={annotations} {...rest} />;
}

function AnnotatedNotes({ notes, title, itemId, currentUserId, canPublish = false, source, share, className }: Omit<HandwrittenNotesProps, "annotations"> & { source: AnnotationsSource }) {
  const state = useAnnotations({ itemId, source });
  const [sharing, setSharing] = useState<LocalAnnotation | null>(null);
  const [tool, setTool] = useState<Tool>("read");
  const [color, setColor] = useState<string>(INK_COLORS[0]);
  const [fingerDraws, setFingerDraws] = useState(false);
  const own = (annotation: LocalAnnotation) => !annotation.author || annotation.author.id === currentUserId;
  const ownAnnotations = state.annotations.filter(own);
  const published = canPublish && ownAnnotations.length > 0 && ownAnnotations.every((annotation) => annotation.visibility === "published");
  const [publishNew, setPublishNew] = useState(false);
  const visibility: Visibility = canPublish && (publishNew || published) ? "published" : "private";

  function setPublished(next: boolean) {
    setPublishNew(next);
    const changing = ownAnnotations.filter((annotation) => annotation.visibility !== (next ? "published" : "private"));
    if (changing.length) state.perform({ type: "update", before: changing, after: changing.map((annotation) => ({ ...annotation, visibility: next ? "published" : "private" })) });
  }

  function keys(event: KeyboardEvent<HTMLDivElement>) {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === "z") {
      event.preventDefault();
      if (event.shiftKey) state.redo();
      else state.undo();
    } else if (mod && event.key.toLowerCase() === "y") {
      event.preventDefault();
      state.redo();
    } else if (event.key === "Escape") {
      setTool("read");
    }
  }

  if (state.error) return <ErrorState error={state.error} title="We couldn't load the annotations" onRetry={state.retry} />;

  const status =
    state.sync.status === "saving"
      ? "Saving…"
      : state.sync.status === "offline"
        ? `Offline: ${state.sync.pending} change${state.sync.pending === 1 ? "" : "s"} will be saved when you're back online`
        : state.sync.status === "error"
          ? `Not saved: ${errorMessage(state.sync.error)}`
          : "All changes saved";

  const toolbar = (
    <>
      <div role="toolbar" aria-label="Annotation tools" className="flex items-center gap-1">
        {TOOLS.filter((item) => item.tool !== "share" || share).map((item) => (
          <button key={item.tool} type="button" aria-pressed={tool === item.tool} aria-label={item.label} title={item.label} onClick={() => setTool(item.tool)} className={toolButton(tool === item.tool)} disabled={state.loading}>
            <span aria-hidden="true">{item.glyph}</span>
          </button>
        ))}
      </div>
      <div role="radiogroup" aria-label="Colour" className="flex items-center gap-1">
        {INK_COLORS.map((value) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={color === value}
            aria-label={`Colour ${value}`}
            onClick={() => setColor(value)}
            className={cn("size-6 rounded-full ring-2 ring-offset-1", color === value ? "ring-slate-700" : "ring-transparent")}
            style={{ backgroundColor: value }}
          />
        ))}
      </div>
      <button type="button" className={toolButton(false)} onClick={state.undo} disabled={!state.canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
        ↶
      </button>
      <button type="button" className={toolButton(false)} onClick={state.redo} disabled={!state.canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
        ↷
      </button>
      <label className="flex items-center gap-1.5 text-slate-700" title="Without a stylus: draw with your finger, scroll with the Read tool">
        <input type="checkbox" checked={fingerDraws} onChange={(event) => setFingerDraws(event.target.checked)} className="rounded text-brand-600" />
        Draw with finger
      </label>
      {canPublish ? (
        <label className="flex items-center gap-1.5 text-slate-700">
          <input type="checkbox" checked={visibility === "published"} onChange={(event) => setPublished(event.target.checked)} className="rounded text-brand-600" />
          Publish to students
        </label>
      ) : null}
      <span role="status" className={cn("text-xs", state.sync.status === "error" ? "text-rose-600" : "text-slate-500")}>
        {state.loading ? <Spinner label="Loading annotations" /> : status}
      </span>
    </>
  );

  return (
    <NotesViewer
      notes={notes}
      title={title}
      className={className}
      toolbar={toolbar}
      onKeyDown={keys}
      renderOverlay={(page, view) => (
        <InkLayer
          page={page}
          annotations={state.annotations.filter((annotation) => annotation.target.page === page.number)}
          canEdit={own}
          tool={state.loading ? "read" : tool}
          color={color}
          // About 2.4 pt on an A4 page, whatever the page's units.
          penWidth={Math.max(1, page.width * 0.004)}
          visibility={visibility}
          onPerform={state.perform}
          onPan={view.panBy}
          fingerDraws={fingerDraws}
          onShare={share ? setSharing : undefined}
        />
      )}
    >
      {share && sharing ? <ShareAnnotationDialog annotation={sharing} lesson={{ itemId, title }} api={share} onClose={() => setSharing(null)} /> : null}
    </NotesViewer>
  );
}
