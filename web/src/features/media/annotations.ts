/**
 * Annotations on handwritten notes, in page units (PDF points or image pixels), so they stay put
 * at any zoom: building them from pointer input, reading their selectors, hit-testing for the
 * eraser, and the undo/redo history of what the user did.
 */
import { LIMITS, type Annotation, type AnnotationIn, type FragmentSelector, type InkPoint, type InkSelector, type Visibility } from "./contract";

/** What the client holds: an annotation the server has, or one made here and not yet saved. */
export type LocalAnnotation = AnnotationIn & { id: string } & Partial<Pick<Annotation, "author" | "created_at" | "updated_at" | "item_version">>;

export type Tool = "read" | "pen" | "highlighter" | "comment" | "eraser" | "share";

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PageSize {
  width: number;
  height: number;
}

const round = (value: number) => Math.round(value * 100) / 100;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** A pointer position on the page's box on screen -> page units, clamped to the page. */
export function toPageUnits(clientX: number, clientY: number, box: Pick<DOMRect, "left" | "top" | "width" | "height">, page: PageSize): [number, number] {
  if (box.width <= 0 || box.height <= 0) return [0, 0];
  const x = ((clientX - box.left) / box.width) * page.width;
  const y = ((clientY - box.top) / box.height) * page.height;
  return [round(clamp(x, 0, page.width)), round(clamp(y, 0, page.height))];
}

/** `xywh=x,y,w,h` with at most two decimals. */
export function formatXywh(rect: Rect): string {
  return `xywh=${[rect.x, rect.y, rect.w, rect.h].map((value) => String(round(value))).join(",")}`;
}

export function parseXywh(value: string): Rect | null {
  const match = /^xywh=(?:pixel:)?(-?[\d.]+),(-?[\d.]+),([\d.]+),([\d.]+)$/.exec(value.trim());
  if (!match) return null;
  const [x, y, w, h] = match.slice(1).map(Number) as [number, number, number, number];
  return [x, y, w, h].every(Number.isFinite) ? { x, y, w, h } : null;
}

/** The rectangle between two corners, in any drag direction. */
export function rectBetween(a: readonly [number, number], b: readonly [number, number]): Rect {
  return { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), w: Math.abs(a[0] - b[0]), h: Math.abs(a[1] - b[1]) };
}

/**
 * One stroke as stored: rounded, pressure in 0..1 (a mouse reports 0 or 0.5: 0.5 then), and at
 * most the contract's 2,000 points (long strokes are thinned evenly, keeping both ends).
 */
export function normaliseStroke(points: readonly (readonly [number, number, number])[]): InkPoint[] {
  let kept = points.map(([x, y, pressure]): InkPoint => [round(x), round(y), round(pressure > 0 ? clamp(pressure, 0, 1) : 0.5)]);
  kept = kept.filter((point, index) => index === 0 || point[0] !== kept[index - 1]![0] || point[1] !== kept[index - 1]![1]);
  const max = LIMITS.pointsPerStrokeMax;
  if (kept.length <= max) return kept;
  const step = (kept.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, index) => kept[Math.round(index * step)]!);
}

export interface NewAnnotation {
  id?: string;
  page: number;
  color: string;
  visibility: Visibility;
}

export function newId(): string {
  return crypto.randomUUID();
}

export function inkAnnotation(strokes: InkPoint[][], width: number, { id = newId(), page, color, visibility }: NewAnnotation): LocalAnnotation {
  return { id, motivation: "sketching", target: { page, selector: { type: "InkSelector", width: round(width), strokes } }, body: null, color, visibility };
}

export function highlightAnnotation(rect: Rect, { id = newId(), page, color, visibility }: NewAnnotation): LocalAnnotation {
  return { id, motivation: "highlighting", target: { page, selector: { type: "FragmentSelector", value: formatXywh(rect) } }, body: null, color, visibility };
}

/** A comment pin: a point (a zero-size fragment) with text. */
export function commentAnnotation(point: readonly [number, number], text: string, { id = newId(), page, color, visibility }: NewAnnotation): LocalAnnotation {
  return {
    id,
    motivation: "commenting",
    target: { page, selector: { type: "FragmentSelector", value: formatXywh({ x: point[0], y: point[1], w: 0, h: 0 }) } },
    body: { type: "TextualBody", value: text.slice(0, LIMITS.commentMax) },
    color,
    visibility,
  };
}

export function isInk(selector: InkSelector | FragmentSelector): selector is InkSelector {
  return selector.type === "InkSelector";
}

function distanceToSegment(p: readonly [number, number], a: readonly number[], b: readonly number[]): number {
  const [ax, ay] = [a[0] ?? 0, a[1] ?? 0];
  const [bx, by] = [b[0] ?? 0, b[1] ?? 0];
  const dx = bx - ax;
  const dy = by - ay;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : clamp(((p[0] - ax) * dx + (p[1] - ay) * dy) / length, 0, 1);
  return Math.hypot(p[0] - (ax + t * dx), p[1] - (ay + t * dy));
}

/** Whether the eraser at `point` (page units, `radius` around it) touches the annotation. */
export function hits(annotation: AnnotationIn, point: readonly [number, number], radius: number): boolean {
  const selector = annotation.target.selector;
  if (isInk(selector)) {
    const reach = radius + selector.width / 2;
    // The schema types points as number[]; the client only ever writes [x, y, pressure].
    return (selector.strokes as InkPoint[][]).some((stroke) =>
      stroke.length === 1 ? Math.hypot(point[0] - stroke[0]![0], point[1] - stroke[0]![1]) <= reach : stroke.some((start, index) => index > 0 && distanceToSegment(point, stroke[index - 1]!, start) <= reach),
    );
  }
  const rect = parseXywh(selector.value);
  if (!rect) return false;
  return point[0] >= rect.x - radius && point[0] <= rect.x + rect.w + radius && point[1] >= rect.y - radius && point[1] <= rect.y + rect.h + radius;
}

// ---- history --------------------------------------------------------------------------------

/** One thing the user did, undoable as a whole (an eraser drag may remove several at once). */
export type Operation =
  | { type: "add"; annotations: LocalAnnotation[] }
  | { type: "remove"; annotations: LocalAnnotation[] }
  | { type: "update"; before: LocalAnnotation[]; after: LocalAnnotation[] };

/** What has to reach the server for an operation (or its undo) to stick. */
export type SyncEffect = { type: "save"; annotation: LocalAnnotation } | { type: "delete"; id: string };

export interface HistoryState {
  annotations: LocalAnnotation[];
  undo: Operation[];
  redo: Operation[];
}

const HISTORY_LIMIT = 200;

export function initialHistory(annotations: LocalAnnotation[]): HistoryState {
  return { annotations, undo: [], redo: [] };
}

function invert(operation: Operation): Operation {
  switch (operation.type) {
    case "add":
      return { type: "remove", annotations: operation.annotations };
    case "remove":
      // Removed annotations come back under their own ids (PUT creates or replaces).
      return { type: "add", annotations: operation.annotations };
    case "update":
      return { type: "update", before: operation.after, after: operation.before };
  }
}

function applyTo(annotations: LocalAnnotation[], operation: Operation): { annotations: LocalAnnotation[]; effects: SyncEffect[] } {
  switch (operation.type) {
    case "add": {
      const ids = new Set(operation.annotations.map((item) => item.id));
      return {
        annotations: [...annotations.filter((item) => !ids.has(item.id)), ...operation.annotations],
        effects: operation.annotations.map((annotation) => ({ type: "save", annotation })),
      };
    }
    case "remove": {
      const ids = new Set(operation.annotations.map((item) => item.id));
      return { annotations: annotations.filter((item) => !ids.has(item.id)), effects: operation.annotations.map((item) => ({ type: "delete", id: item.id })) };
    }
    case "update": {
      const next = new Map(operation.after.map((item) => [item.id, item]));
      return { annotations: annotations.map((item) => next.get(item.id) ?? item), effects: operation.after.map((annotation) => ({ type: "save", annotation })) };
    }
  }
}

/** Does `operation`, making it the newest undo step (and dropping what could have been redone). */
export function perform(state: HistoryState, operation: Operation): { state: HistoryState; effects: SyncEffect[] } {
  if ((operation.type === "update" ? operation.after : operation.annotations).length === 0) return { state, effects: [] };
  const { annotations, effects } = applyTo(state.annotations, operation);
  return { state: { annotations, undo: [...state.undo, operation].slice(-HISTORY_LIMIT), redo: [] }, effects };
}

export function undo(state: HistoryState): { state: HistoryState; effects: SyncEffect[] } {
  const operation = state.undo.at(-1);
  if (!operation) return { state, effects: [] };
  const { annotations, effects } = applyTo(state.annotations, invert(operation));
  return { state: { annotations, undo: state.undo.slice(0, -1), redo: [...state.redo, operation] }, effects };
}

export function redo(state: HistoryState): { state: HistoryState; effects: SyncEffect[] } {
  const operation = state.redo.at(-1);
  if (!operation) return { state, effects: [] };
  const { annotations, effects } = applyTo(state.annotations, operation);
  return { state: { annotations, undo: [...state.undo, operation], redo: state.redo.slice(0, -1) }, effects };
}

/** The body to PUT: the contract's `AnnotationIn`, without the server's fields. */
export function toAnnotationIn(annotation: LocalAnnotation): AnnotationIn {
  const { motivation, target, body, color, visibility } = annotation;
  return { motivation, target, body, color, visibility };
}
