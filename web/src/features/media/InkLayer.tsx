/**
 * The annotation layer over one page: draws the page's annotations (SVG in page units, so zoom
 * never moves them) and turns pointer input into new ones with the current tool.
 *
 * Props:
 * - `page`: `{ number, width, height }` in page units.
 * - `annotations`: this page's annotations, the user's own and others' published ones.
 * - `canEdit(annotation)`: whether the eraser may remove it (others' published ones are read-only).
 * - `tool`, `color`, `penWidth` (page units), `visibility` of new annotations.
 * - `onPerform(operation)`: a new annotation, or annotations erased (see `annotations.ts`); the
 *   owner keeps the undo history and the autosave.
 * - `onPan(dx, dy)`: a finger moved over the layer while a tool is active: scroll by it.
 * - `fingerDraws`: a finger draws too (phones without a stylus); scrolling is then the
 *   "read" tool's.
 * - `onShare(annotation)`: the "share" tool picked an annotation (or "Share…" on a comment).
 *
 * Input: a pen or mouse draws; a finger scrolls. The layer sets `touch-action: none` while a
 * tool is active (otherwise the browser would scroll under a stylus too) and pans by hand for
 * touch pointers; in "read" mode it lets every pointer through except on comment pins.
 */
import { useId, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { Button } from "../../components/ui/Button";
import { cn } from "../../lib/cn";
import { commentAnnotation, highlightAnnotation, hits, inkAnnotation, isInk, normaliseStroke, parseXywh, rectBetween, toPageUnits, type LocalAnnotation, type Operation, type PageSize, type Rect, type Tool } from "./annotations";
import { LIMITS, type InkPoint, type Visibility } from "./contract";
import { strokePath } from "./ink";

export interface InkLayerProps {
  page: PageSize & { number: number };
  annotations: LocalAnnotation[];
  canEdit: (annotation: LocalAnnotation) => boolean;
  tool: Tool;
  color: string;
  penWidth: number;
  visibility: Visibility;
  onPerform: (operation: Operation) => void;
  onPan?: (dx: number, dy: number) => void;
  fingerDraws?: boolean;
  onShare?: (annotation: LocalAnnotation) => void;
  className?: string;
}

type Gesture =
  | { kind: "pen"; pointerId: number; points: InkPoint[] }
  | { kind: "highlight"; pointerId: number; from: [number, number]; to: [number, number] }
  | { kind: "erase"; pointerId: number; hit: Set<string> }
  | { kind: "pan"; pointerId: number; x: number; y: number };

/** Eraser reach, in screen pixels. */
const ERASER_RADIUS_PX = 8;
/** A highlight smaller than this (page units) was a click, not a drag. */
const MIN_HIGHLIGHT = 2;

export function InkLayer({ page, annotations, canEdit, tool, color, penWidth, visibility, onPerform, onPan, fingerDraws = false, onShare, className }: InkLayerProps) {
  const svg = useRef<SVGSVGElement | null>(null);
  const gesture = useRef<Gesture | null>(null);
  const byFinger = useRef(false);
  const [draft, setDraft] = useState<Gesture | null>(null);
  const [comment, setComment] = useState<{ at: [number, number]; text: string } | null>(null);
  const [openPin, setOpenPin] = useState<string | null>(null);
  const formId = useId();
  const drawing = tool !== "read";

  function point(event: { clientX: number; clientY: number }): [number, number] {
    const box = svg.current?.getBoundingClientRect() ?? { left: 0, top: 0, width: page.width, height: page.height };
    return toPageUnits(event.clientX, event.clientY, box, page);
  }

  function pxToPage(px: number): number {
    const box = svg.current?.getBoundingClientRect();
    return box && box.width > 0 ? (px / box.width) * page.width : px;
  }

  function eraseAt(at: [number, number], hit: Set<string>) {
    const radius = pxToPage(ERASER_RADIUS_PX);
    for (const annotation of annotations) if (canEdit(annotation) && !hit.has(annotation.id) && hits(annotation, at, radius)) hit.add(annotation.id);
  }

  function down(event: ReactPointerEvent<SVGSVGElement>) {
    // A second finger makes a pinch (the viewer zooms): whatever the first finger began stops.
    // A palm resting while a stylus draws changes nothing.
    if (gesture.current && byFinger.current && event.pointerType === "touch") {
      gesture.current = null;
      setDraft(null);
      return;
    }
    if (!drawing || gesture.current) return;
    byFinger.current = event.pointerType === "touch";
    if (event.pointerType === "touch" && !fingerDraws) {
      gesture.current = { kind: "pan", pointerId: event.pointerId, x: event.clientX, y: event.clientY };
      return;
    }
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const at = point(event);
    if (tool === "share") {
      const radius = pxToPage(ERASER_RADIUS_PX);
      const picked = [...annotations].reverse().find((annotation) => hits(annotation, at, radius));
      if (picked) onShare?.(picked);
      return;
    }
    let next: Gesture | null = null;
    if (tool === "pen") next = { kind: "pen", pointerId: event.pointerId, points: [[at[0], at[1], event.pressure]] };
    else if (tool === "highlighter") next = { kind: "highlight", pointerId: event.pointerId, from: at, to: at };
    else if (tool === "eraser") {
      const hit = new Set<string>();
      eraseAt(at, hit);
      next = { kind: "erase", pointerId: event.pointerId, hit };
    } else if (tool === "comment") {
      setComment({ at, text: "" });
    }
    gesture.current = next;
    setDraft(next);
  }

  function move(event: ReactPointerEvent<SVGSVGElement>) {
    const current = gesture.current;
    if (!current || current.pointerId !== event.pointerId) return;
    if (current.kind === "pan") {
      onPan?.(event.clientX - current.x, event.clientY - current.y);
      gesture.current = { ...current, x: event.clientX, y: event.clientY };
      return;
    }
    // A stylus reports several positions per frame; use them all for a smooth line.
    const native = event.nativeEvent;
    const samples = typeof native.getCoalescedEvents === "function" ? native.getCoalescedEvents() : [];
    const events = samples.length ? samples : [native];
    let next: Gesture = current;
    if (current.kind === "pen") {
      const points = [...current.points];
      for (const sample of events) {
        const at = point(sample);
        if (points.length < LIMITS.pointsPerStrokeMax * 4) points.push([at[0], at[1], sample.pressure]);
      }
      next = { ...current, points };
    } else if (current.kind === "highlight") {
      next = { ...current, to: point(event) };
    } else if (current.kind === "erase") {
      const hit = new Set(current.hit);
      for (const sample of events) eraseAt(point(sample), hit);
      next = { ...current, hit };
    }
    gesture.current = next;
    setDraft(next);
  }

  function up(event: ReactPointerEvent<SVGSVGElement>, cancelled = false) {
    const current = gesture.current;
    if (!current || current.pointerId !== event.pointerId) return;
    gesture.current = null;
    setDraft(null);
    if (cancelled) return;
    const meta = { page: page.number, color, visibility };
    if (current.kind === "pen") {
      const stroke = normaliseStroke(current.points);
      if (stroke.length) onPerform({ type: "add", annotations: [inkAnnotation([stroke], penWidth, meta)] });
    } else if (current.kind === "highlight") {
      const rect = rectBetween(current.from, current.to);
      if (rect.w >= MIN_HIGHLIGHT && rect.h >= MIN_HIGHLIGHT) onPerform({ type: "add", annotations: [highlightAnnotation(rect, meta)] });
    } else if (current.kind === "erase") {
      const removed = annotations.filter((annotation) => current.hit.has(annotation.id));
      if (removed.length) onPerform({ type: "remove", annotations: removed });
    }
  }

  function saveComment() {
    if (!comment?.text.trim()) return;
    onPerform({ type: "add", annotations: [commentAnnotation(comment.at, comment.text.trim(), { page: page.number, color, visibility })] });
    setComment(null);
  }

  const erasing = draft?.kind === "erase" ? draft.hit : null;
  const visible = annotations.filter((annotation) => !erasing?.has(annotation.id));
  const pins = visible.filter((annotation) => annotation.motivation === "commenting");

  return (
    <div className={cn("absolute inset-0", className)}>
      <svg
        ref={svg}
        viewBox={`0 0 ${page.width} ${page.height}`}
        preserveAspectRatio="none"
        className={cn("absolute inset-0 h-full w-full", drawing ? (tool === "eraser" ? "cursor-cell" : "cursor-crosshair") : "pointer-events-none")}
        style={{ touchAction: drawing ? "none" : "auto" }}
        aria-hidden="true"
        data-testid={`ink-layer-${page.number}`}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={(event) => up(event)}
        onPointerCancel={(event) => up(event, true)}
      >
        {visible.map((annotation) => {
          const selector = annotation.target.selector;
          if (isInk(selector)) {
            return (
              <g key={annotation.id} fill={annotation.color} data-annotation={annotation.id}>
                {selector.strokes.map((stroke, index) => (
                  <path key={index} d={strokePath(stroke as InkPoint[], selector.width)} />
                ))}
              </g>
            );
          }
          if (annotation.motivation !== "highlighting") return null;
          const rect = parseXywh(selector.value);
          return rect ? <rect key={annotation.id} data-annotation={annotation.id} x={rect.x} y={rect.y} width={rect.w} height={rect.h} fill={annotation.color} fillOpacity={0.3} style={{ mixBlendMode: "multiply" }} /> : null;
        })}
        {draft?.kind === "pen" ? <path d={strokePath(normaliseStroke(draft.points), penWidth, false)} fill={color} /> : null}
        {draft?.kind === "highlight" ? <DraftRect rect={rectBetween(draft.from, draft.to)} color={color} /> : null}
      </svg>
      {pins.map((annotation) => {
        const rect = parseXywh(annotation.target.selector.type === "FragmentSelector" ? annotation.target.selector.value : "");
        if (!rect) return null;
        const open = openPin === annotation.id;
        const text = annotation.body?.value ?? "";
        return (
          <div key={annotation.id} className="absolute" style={{ left: `${(rect.x / page.width) * 100}%`, top: `${(rect.y / page.height) * 100}%` }}>
            <button
              type="button"
              aria-label={`Comment${annotation.author ? ` by ${annotation.author.name}` : ""}: ${text}`}
              aria-expanded={open}
              onClick={() => setOpenPin(open ? null : annotation.id)}
              className="pointer-events-auto -mt-3 -ml-3 flex size-6 items-center justify-center rounded-full text-xs font-bold text-white shadow ring-2 ring-white"
              style={{ backgroundColor: annotation.color }}
            >
              !
            </button>
            {open ? (
              <div role="note" className="pointer-events-auto absolute top-4 left-0 z-10 w-56 rounded-lg bg-white p-3 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200">
                {annotation.author ? <p className="mb-1 text-xs font-medium text-slate-500">{annotation.author.name}</p> : null}
                <p className="whitespace-pre-wrap">{text}</p>
                {onShare ? (
                  <button type="button" className="mt-2 text-xs font-semibold text-brand-700 hover:underline" onClick={() => onShare(annotation)}>
                    Share…
                  </button>
                ) : null}
              </div>
            ) : null}
          </div>
        );
      })}
      {comment ? (
        <form
          aria-label="New comment"
          className="absolute z-20 w-60 space-y-2 rounded-lg bg-white p-3 shadow-lg ring-1 ring-slate-200"
          style={{ left: `${(comment.at[0] / page.width) * 100}%`, top: `${(comment.at[1] / page.height) * 100}%` }}
          onSubmit={(event) => {
            event.preventDefault();
            saveComment();
          }}
        >
          <label htmlFor={formId} className="sr-only">
            Comment
          </label>
          <textarea
            id={formId}
            autoFocus
            rows={3}
            maxLength={LIMITS.commentMax}
            value={comment.text}
            onChange={(event) => setComment({ ...comment, text: event.target.value })}
            onKeyDown={(event) => {
              if (event.key === "Escape") setComment(null);
            }}
            className="block w-full rounded-md border-0 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
            placeholder="Write a comment"
          />
          <div className="flex justify-end gap-2">
            <Button size="sm" variant="ghost" onClick={() => setComment(null)}>
              Cancel
            </Button>
            <Button size="sm" type="submit" disabled={!comment.text.trim()}>
              Add comment
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function DraftRect({ rect, color }: { rect: Rect; color: string }) {
  return <rect x={rect.x} y={rect.y} width={rect.w} height={rect.h} fill={color} fillOpacity={0.2} stroke={color} strokeDasharray="4 2" vectorEffect="non-scaling-stroke" />;
}
