import { describe, expect, it } from "vitest";
import { reorderChanges, slugify, slugProblem } from "./catalog-order";

describe("catalog ordering", () => {
  const siblings = [
    { id: "a", position: 0 },
    { id: "b", position: 1 },
    { id: "c", position: 2 },
  ];

  it("swaps neighbours, sending only what moved", () => {
    expect(reorderChanges("topic", siblings, 2, -1)).toEqual([
      { action: "update", kind: "topic", id: "c", body: { position: 1 } },
      { action: "update", kind: "topic", id: "b", body: { position: 2 } },
    ]);
  });

  it("renumbers siblings that share a position", () => {
    const tied = [
      { id: "a", position: 0 },
      { id: "b", position: 0 },
      { id: "c", position: 0 },
    ];
    expect(reorderChanges("chapter", tied, 0, 1).map((change) => (change.action === "update" ? [change.id, change.body] : null))).toEqual([
      ["a", { position: 1 }],
      ["c", { position: 2 }],
    ]);
  });

  it("does nothing past either end", () => {
    expect(reorderChanges("subject", siblings, 0, -1)).toEqual([]);
    expect(reorderChanges("subject", siblings, 2, 1)).toEqual([]);
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
