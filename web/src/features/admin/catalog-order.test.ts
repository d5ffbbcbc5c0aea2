import { describe, expect, it } from "vitest";
import { reorderRequest, slugify, slugProblem } from "./catalog-order";

describe("catalog ordering", () => {
  const siblings = [
    { id: "a", position: 0 },
    { id: "b", position: 1 },
    { id: "c", position: 2 },
  ];

  it("sends the complete new order of the level in one request", () => {
    expect(reorderRequest("topic", "chapter-1", siblings, 2, -1)).toEqual({ kind: "topic", chapterId: "chapter-1", ids: ["a", "c", "b"] });
    expect(reorderRequest("chapter", "subject-1", siblings, 0, 1)).toEqual({ kind: "chapter", subjectId: "subject-1", ids: ["b", "a", "c"] });
    expect(reorderRequest("subject", "", siblings, 1, 1)).toEqual({ kind: "subject", ids: ["a", "c", "b"] });
  });

  it("lists every sibling, including those that share a position", () => {
    const tied = [
      { id: "a", position: 0 },
      { id: "b", position: 0 },
      { id: "c", position: 0 },
    ];
    expect(reorderRequest("chapter", "s", tied, 0, 1)?.ids).toEqual(["b", "a", "c"]);
  });

  it("does nothing past either end", () => {
    expect(reorderRequest("subject", "", siblings, 0, -1)).toBeNull();
    expect(reorderRequest("subject", "", siblings, 2, 1)).toBeNull();
    expect(reorderRequest("subject", "", [], 0, 1)).toBeNull();
  });

  it("checks slugs like the server", () => {
    expect(slugProblem("")).toBeNull();
    expect(slugProblem("newtons-laws")).toBeNull();
    expect(slugProblem("Newtons laws")).toMatch(/lowercase/);
    expect(slugProblem("a--b")).toMatch(/lowercase/);
    expect(slugify("Newton's laws of motion")).toBe("newton-s-laws-of-motion");
    expect(slugify("Énergie & puissance")).toBe("energie-puissance");
  });
});
