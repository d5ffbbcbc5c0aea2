import { describe, expect, it } from "vitest";
import { pageCount, pageRange, pageWindow, withPage } from "./pagination";

describe("pageWindow", () => {
  it("lists every page when there are few", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it("collapses long runs into gaps around the current page", () => {
    expect(pageWindow(6, 12)).toEqual([1, "gap", 5, 6, 7, "gap", 12]);
    expect(pageWindow(1, 12)).toEqual([1, 2, "gap", 12]);
    expect(pageWindow(12, 12)).toEqual([1, "gap", 11, 12]);
  });

  it("shows a single skipped page instead of a gap", () => {
    expect(pageWindow(4, 12)).toEqual([1, 2, 3, 4, 5, "gap", 12]);
  });

  it("clamps out-of-range pages", () => {
    expect(pageWindow(99, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(1, 0)).toEqual([]);
  });
});

describe("pageRange and pageCount", () => {
  it("computes the visible slice", () => {
    expect(pageRange(2, 20, 45)).toEqual({ from: 21, to: 40 });
    expect(pageRange(3, 20, 45)).toEqual({ from: 41, to: 45 });
    expect(pageRange(1, 20, 0)).toEqual({ from: 0, to: 0 });
  });

  it("always has at least one page", () => {
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(41, 20)).toBe(3);
  });
});

describe("withPage", () => {
  it("keeps the other parameters and leaves page 1 out of the address", () => {
    expect(withPage(new URLSearchParams("filter=unread"), 3).toString()).toBe("filter=unread&page=3");
    expect(withPage(new URLSearchParams("filter=unread&page=3"), 1).toString()).toBe("filter=unread");
    const original = new URLSearchParams("page=2");
    withPage(original, 5);
    expect(original.toString()).toBe("page=2");
  });
});
