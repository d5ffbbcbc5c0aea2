import { describe, expect, it } from "vitest";
import { LIMITS } from "./contract";
import {
  commentAnnotation,
  formatXywh,
  highlightAnnotation,
  hits,
  initialHistory,
  inkAnnotation,
  normaliseStroke,
  parseXywh,
  perform,
  rectBetween,
  redo,
  toAnnotationIn,
  toPageUnits,
  undo,
  type HistoryState,
  type LocalAnnotation,
  type SyncEffect,
} from "./annotations";

const page = { width: 595, height: 842 };
const meta = { page: 2, color: "#1d4ed8", visibility: "private" as const };

describe("page units", () => {
  it("maps screen positions to page units independent of zoom, clamped to the page", () => {
    const box = { left: 100, top: 50, width: 1190, height: 1684 }; // 200 % zoom
    expect(toPageUnits(100, 50, box, page)).toEqual([0, 0]);
    expect(toPageUnits(100 + 595, 50 + 842, box, page)).toEqual([297.5, 421]);
    const half = { left: 0, top: 0, width: 297.5, height: 421 }; // 50 % zoom: same page point
    expect(toPageUnits(148.75, 210.5, half, page)).toEqual([297.5, 421]);
    expect(toPageUnits(-20, 5000, box, page)).toEqual([0, 842]);
  });

  it("writes and reads xywh fragments", () => {
    expect(formatXywh({ x: 10.123, y: 20, w: 30.5, h: 0 })).toBe("xywh=10.12,20,30.5,0");
    expect(parseXywh("xywh=10.12,20,30.5,0")).toEqual({ x: 10.12, y: 20, w: 30.5, h: 0 });
    expect(parseXywh("xywh=pixel:1,2,3,4")).toEqual({ x: 1, y: 2, w: 3, h: 4 });
    expect(parseXywh("xywh=1,2")).toBeNull();
    expect(rectBetween([50, 80], [10, 20])).toEqual({ x: 10, y: 20, w: 40, h: 60 });
  });
});

describe("strokes", () => {
  it("rounds points, gives a pressureless pointer 0.5, drops repeats", () => {
    expect(
      normaliseStroke([
        [1.234, 2.345, 0],
        [1.234, 2.345, 0.3],
        [5, 6, 1.7],
      ]),
    ).toEqual([
      [1.23, 2.35, 0.5],
      [5, 6, 1],
    ]);
  });

  it("thins a long stroke to the contract's limit, keeping both ends", () => {
    const long = Array.from({ length: 5000 }, (_, index) => [index, index / 2, 0.5] as [number, number, number]);
    const kept = normaliseStroke(long);
    expect(kept).toHaveLength(LIMITS.pointsPerStrokeMax);
    expect(kept[0]).toEqual([0, 0, 0.5]);
    expect(kept.at(-1)).toEqual([4999, 2499.5, 0.5]);
  });

  it("builds the three kinds in the Web Annotation shape", () => {
    const ink = inkAnnotation([[[1, 2, 0.5], [3, 4, 0.6]]], 2.5, { ...meta, id: "a1" });
    expect(toAnnotationIn(ink)).toEqual({ motivation: "sketching", target: { page: 2, selector: { type: "InkSelector", width: 2.5, strokes: [[[1, 2, 0.5], [3, 4, 0.6]]] } }, body: null, color: "#1d4ed8", visibility: "private" });
    expect(highlightAnnotation({ x: 1, y: 2, w: 3, h: 4 }, { ...meta, id: "a2" }).target.selector).toEqual({ type: "FragmentSelector", value: "xywh=1,2,3,4" });
    const pin = commentAnnotation([10, 20], "Look here", { ...meta, id: "a3" });
    expect(pin).toMatchObject({ motivation: "commenting", body: { type: "TextualBody", value: "Look here" }, target: { selector: { value: "xywh=10,20,0,0" } } });
    expect(inkAnnotation([], 1, meta).id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("the eraser", () => {
  it("hits strokes near their segments and fragments inside their box", () => {
    const ink = inkAnnotation([[[0, 0, 0.5], [100, 0, 0.5]]], 4, meta);
    expect(hits(ink, [50, 3], 2)).toBe(true);
    expect(hits(ink, [50, 10], 2)).toBe(false);
    expect(hits(ink, [110, 0], 2)).toBe(false);
    const dot = inkAnnotation([[[10, 10, 0.5]]], 4, meta);
    expect(hits(dot, [12, 12], 2)).toBe(true);
    const box = highlightAnnotation({ x: 10, y: 10, w: 20, h: 10 }, meta);
    expect(hits(box, [25, 15], 0)).toBe(true);
    expect(hits(box, [35, 15], 0)).toBe(false);
    expect(hits(commentAnnotation([5, 5], "x", meta), [7, 6], 3)).toBe(true);
  });
});

describe("undo and redo", () => {
  const a = inkAnnotation([[[0, 0, 0.5]]], 2, { ...meta, id: "a" });
  const b = highlightAnnotation({ x: 0, y: 0, w: 5, h: 5 }, { ...meta, id: "b" });
  const ids = (state: HistoryState) => state.annotations.map((item: LocalAnnotation) => item.id);

  it("undoes and redoes adds, removals of several at once, and edits, with what to sync", () => {
    let state = initialHistory([]);
    let effects: SyncEffect[];
    ({ state, effects } = perform(state, { type: "add", annotations: [a] }));
    expect(effects).toEqual([{ type: "save", annotation: a }]);
    ({ state } = perform(state, { type: "add", annotations: [b] }));
    ({ state, effects } = perform(state, { type: "remove", annotations: [a, b] }));
    expect(ids(state)).toEqual([]);
    expect(effects).toEqual([{ type: "delete", id: "a" }, { type: "delete", id: "b" }]);

    ({ state, effects } = undo(state));
    expect(ids(state).sort()).toEqual(["a", "b"]);
    expect(effects).toEqual([{ type: "save", annotation: a }, { type: "save", annotation: b }]);
    ({ state, effects } = undo(state));
    expect(ids(state)).toEqual(["a"]);
    expect(effects).toEqual([{ type: "delete", id: "b" }]);
    ({ state, effects } = redo(state));
    expect(ids(state)).toEqual(["a", "b"]);
    expect(effects).toEqual([{ type: "save", annotation: b }]);

    const published = { ...a, visibility: "published" as const };
    ({ state, effects } = perform(state, { type: "update", before: [a], after: [published] }));
    expect(state.redo).toEqual([]);
    expect(effects).toEqual([{ type: "save", annotation: published }]);
    ({ state, effects } = undo(state));
    expect(state.annotations.find((item) => item.id === "a")?.visibility).toBe("private");
    expect(effects).toEqual([{ type: "save", annotation: a }]);
  });

  it("does nothing with nothing to undo, redo or remove", () => {
    const state = initialHistory([a]);
    expect(undo(state)).toEqual({ state, effects: [] });
    expect(redo(state)).toEqual({ state, effects: [] });
    expect(perform(state, { type: "remove", annotations: [] })).toEqual({ state, effects: [] });
  });
});
