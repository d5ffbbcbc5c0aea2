/** Stroke outlines for SVG, computed at render time from the stored points (page units). */
import { getStroke } from "perfect-freehand";
import type { InkPoint } from "./contract";

/**
 * A mouse or finger has no pressure (stored as a flat 0.5): let perfect-freehand simulate it
 * from the speed instead, so those strokes don't look like a felt tip.
 */
export function hasRealPressure(points: readonly InkPoint[]): boolean {
  return points.some((point) => point[2] !== 0.5);
}

/** The outline polygon of a stroke, `width` wide at full pressure (same units as the points). */
export function strokeOutline(points: readonly InkPoint[], width: number, complete = true): [number, number][] {
  return getStroke(
    points.map(([x, y, pressure]) => [x, y, pressure]),
    { size: width, thinning: 0.6, smoothing: 0.5, streamline: 0.5, simulatePressure: !hasRealPressure(points), last: complete },
  );
}

const fixed = (value: number) => (Math.round(value * 100) / 100).toString();

/** A closed SVG path through the outline, smoothed with quadratic curves between midpoints. */
export function outlinePath(outline: readonly [number, number][]): string {
  if (outline.length < 2) return "";
  const [first] = outline;
  let path = `M${fixed(first![0])},${fixed(first![1])}Q`;
  for (let index = 0; index < outline.length; index++) {
    const [x0, y0] = outline[index]!;
    const [x1, y1] = outline[(index + 1) % outline.length]!;
    path += `${fixed(x0)},${fixed(y0)} ${fixed((x0 + x1) / 2)},${fixed((y0 + y1) / 2)} `;
  }
  return `${path.trimEnd()}Z`;
}

export function strokePath(points: readonly InkPoint[], width: number, complete = true): string {
  return outlinePath(strokeOutline(points, width, complete));
}
