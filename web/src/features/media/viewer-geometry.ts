/** Layout maths of the notes viewer: pages stacked top to bottom at one scale. */
import type { PageSize } from "./annotations";

export const PAGE_GAP = 16;
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 5;
export const ZOOM_STEP = 1.25;

/** CSS pixels per page unit that make the widest page fill `containerWidth` (minus padding). */
export function fitWidthScale(pages: readonly PageSize[], containerWidth: number, padding = 32): number {
  const widest = Math.max(1, ...pages.map((page) => page.width));
  return clampScale((containerWidth - padding) / widest);
}

export function clampScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) return 1;
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

export function zoomIn(scale: number): number {
  return clampScale(scale * ZOOM_STEP);
}

export function zoomOut(scale: number): number {
  return clampScale(scale / ZOOM_STEP);
}

/** Top of each page in the scroll container, in CSS pixels. */
export function pageOffsets(pages: readonly PageSize[], scale: number, gap = PAGE_GAP): number[] {
  const offsets: number[] = [];
  let top = 0;
  for (const page of pages) {
    offsets.push(top);
    top += Math.round(page.height * scale) + gap;
  }
  return offsets;
}

/** The page (1-based) a reader is on: the last whose top is above a third of the viewport. */
export function pageAt(offsets: readonly number[], scrollTop: number, viewportHeight: number): number {
  const line = scrollTop + viewportHeight / 3;
  let current = 1;
  offsets.forEach((top, index) => {
    if (top <= line) current = index + 1;
  });
  return current;
}

/** Pages worth rendering: those within `margin` viewports of what is on screen. */
export function pagesNear(offsets: readonly number[], heights: readonly number[], scrollTop: number, viewportHeight: number, margin = 1): Set<number> {
  const from = scrollTop - viewportHeight * margin;
  const to = scrollTop + viewportHeight * (1 + margin);
  const near = new Set<number>();
  offsets.forEach((top, index) => {
    if (top + (heights[index] ?? 0) >= from && top <= to) near.add(index + 1);
  });
  return near;
}

/** The scale a two-finger pinch asks for: the scale it started at, times how much further apart
 * the fingers are than when they touched down. */
export function pinchScale(startScale: number, startDistance: number, distance: number): number {
  if (!(startDistance > 0) || !(distance > 0)) return clampScale(startScale);
  return clampScale(startScale * (distance / startDistance));
}

export function fingerDistance(a: { clientX: number; clientY: number }, b: { clientX: number; clientY: number }): number {
  return Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
}
