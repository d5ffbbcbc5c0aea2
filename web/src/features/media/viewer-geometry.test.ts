import { describe, expect, it } from "vitest";
import { clampScale, fingerDistance, fitWidthScale, pageAt, pageOffsets, pagesNear, pinchScale, zoomIn, zoomOut } from "./viewer-geometry";

const a4 = { width: 595, height: 842 };

describe("notes viewer layout", () => {
  it("fits the widest page to the width and keeps zoom in bounds", () => {
    expect(fitWidthScale([a4, { width: 842, height: 595 }], 874)).toBeCloseTo(1);
    expect(fitWidthScale([{ width: 3000, height: 4000 }], 407)).toBeCloseTo(0.25);
    expect(zoomIn(1)).toBe(1.25);
    expect(zoomOut(1)).toBe(0.8);
    expect(zoomIn(5)).toBe(5);
    expect(zoomOut(0.25)).toBe(0.25);
    expect(clampScale(Number.NaN)).toBe(1);
  });

  it("stacks pages, knows the current one and which to render", () => {
    const offsets = pageOffsets([a4, a4, a4, a4, a4], 0.5, 16);
    expect(offsets).toEqual([0, 437, 874, 1311, 1748]);
    expect(pageAt(offsets, 0, 600)).toBe(1);
    expect(pageAt(offsets, 300, 600)).toBe(2);
    expect(pageAt(offsets, 5000, 600)).toBe(5);
    const heights = offsets.map(() => 421);
    expect([...pagesNear(offsets, heights, 0, 600)]).toEqual([1, 2, 3]);
    expect([...pagesNear(offsets, heights, 1311, 600)]).toEqual([2, 3, 4, 5]);
  });
});

describe("pinch zoom", () => {
  it("scales by how far the fingers moved apart, within the zoom bounds", () => {
    const start = fingerDistance({ clientX: 100, clientY: 100 }, { clientX: 200, clientY: 100 });
    expect(start).toBe(100);
    expect(pinchScale(1, start, 150)).toBeCloseTo(1.5);
    expect(pinchScale(2, start, 50)).toBeCloseTo(1);
    expect(pinchScale(1, start, 10_000)).toBe(5);
    expect(pinchScale(1, start, 1)).toBe(0.25);
    expect(pinchScale(1.2, 0, 80)).toBe(1.2);
  });
});
