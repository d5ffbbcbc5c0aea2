import { describe, expect, it } from "vitest";
import { hasRealPressure, outlinePath, strokeOutline, strokePath } from "./ink";

describe("ink outlines", () => {
  const line: [number, number, number][] = [
    [10, 10, 0.5],
    [20, 10, 0.5],
    [30, 10, 0.5],
    [40, 10, 0.5],
  ];

  it("outlines a stroke around its points, about as wide as the pen, in the points' units", () => {
    const outline = strokeOutline(line, 4);
    expect(outline.length).toBeGreaterThan(4);
    const ys = outline.map(([, y]) => y);
    expect(Math.max(...ys) - Math.min(...ys)).toBeLessThanOrEqual(4.01);
    expect(Math.min(...outline.map(([x]) => x))).toBeGreaterThanOrEqual(10 - 4);
    // Scaling the points scales the outline: the same stroke at any zoom.
    const doubled = strokeOutline(line.map(([x, y, p]) => [x * 2, y * 2, p]), 8);
    const width = (points: [number, number][]) => Math.max(...points.map(([x]) => x)) - Math.min(...points.map(([x]) => x));
    expect(width(doubled)).toBeCloseTo(width(outline) * 2, 0);
  });

  it("uses real pressure from a stylus and simulates it for a mouse", () => {
    expect(hasRealPressure(line)).toBe(false);
    expect(hasRealPressure([[0, 0, 0.5], [1, 1, 0.8]])).toBe(true);
    const light = strokeOutline(line.map(([x, y]) => [x, y, 0.1]), 10);
    const heavy = strokeOutline(line.map(([x, y]) => [x, y, 1]), 10);
    const height = (points: [number, number][]) => Math.max(...points.map(([, y]) => y)) - Math.min(...points.map(([, y]) => y));
    expect(height(heavy)).toBeGreaterThan(height(light));
  });

  it("writes a closed SVG path", () => {
    expect(outlinePath([[0, 0], [10, 0], [10, 10]])).toBe("M0,0Q0,0 5,0 10,0 10,5 10,10 5,5Z");
    expect(outlinePath([])).toBe("");
    expect(strokePath(line, 4)).toMatch(/^M[\d.]+,[\d.]+Q.*Z$/);
  });
});
