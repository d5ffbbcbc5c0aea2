import { describe, expect, it } from "vitest";
import { buildAnswer, parseAnswerKey, parseNumber, parseQuestion, simulationSource, type Question } from "./bodies";
import { parseUnifiedDiff } from "./diff";

const choices = [
  { id: "a", text: "One" },
  { id: "b", text: "Two" },
  { id: "c", text: "Three" },
];

describe("answers", () => {
  it("reads numbers the way people type them", () => {
    expect(parseNumber("9.81")).toBe(9.81);
    expect(parseNumber(" 9,81 ")).toBe(9.81);
    expect(parseNumber("−3")).toBe(-3);
    expect(parseNumber("6.02e23")).toBe(6.02e23);
    expect(parseNumber("1 000")).toBe(1000);
    expect(parseNumber("9.8 m/s")).toBeNull();
    expect(parseNumber("1e999")).toBeNull();
    expect(parseNumber("")).toBeNull();
  });

  it("sends multiple choices in the order they are shown", () => {
    const question: Question = { type: "multiple_choice", prompt: "", choices, unit: "" };
    expect(buildAnswer(question, { choice: "", choices: ["c", "a"], value: "", text: "" })).toEqual({ answer: { choices: ["a", "c"] } });
    expect(buildAnswer(question, { choice: "", choices: [], value: "", text: "" })).toEqual({ problem: "Choose at least one answer." });
  });

  it("reads questions and answer keys defensively", () => {
    expect(parseQuestion({ type: "essay", prompt: "x" })).toBeNull();
    expect(parseQuestion({ type: "single_choice", prompt: "x", choices: [] })).toBeNull();
    expect(parseQuestion({ type: "numeric", prompt: "<p>g?</p>", unit: "m/s²" })).toEqual({ type: "numeric", prompt: "<p>g?</p>", choices: [], unit: "m/s²" });
    expect(parseAnswerKey({ correct: ["b"] })).toEqual({ type: "choices", correct: ["b"] });
    expect(parseAnswerKey({ answer: 9.81, tolerance: 0.05, unit: "m/s²" })).toEqual({ type: "numeric", answer: 9.81, tolerance: 0.05, unit: "m/s²" });
    expect(parseAnswerKey({ accepted: ["Paris"] })).toEqual({ type: "text", accepted: ["Paris"], caseSensitive: null });
    expect(parseAnswerKey(null)).toBeNull();
  });

  it("embeds simulations only over https from the allowed sites", () => {
    expect(simulationSource("https://phet.colorado.edu/sims/html/x/latest/x_en.html")?.provider).toBe("PhET Interactive Simulations");
    expect(simulationSource("https://www.geogebra.org/m/abc")?.provider).toBe("GeoGebra");
    expect(simulationSource("http://phet.colorado.edu/x")).toBeNull();
    expect(simulationSource("https://phet.colorado.edu.evil.example/x")).toBeNull();
    expect(simulationSource("https://user:pw@www.desmos.com/calculator")).toBeNull();
    expect(simulationSource("javascript:alert(1)")).toBeNull();
  });
});

describe("unified diffs", () => {
  it("numbers lines on both sides and counts changes", () => {
    const diff = parseUnifiedDiff(["--- version 1", "+++ version 2", "@@ -1,3 +1,3 @@", " # Title", "-old line", "+new line", " same"].join("\n"));
    expect(diff.from).toBe("version 1");
    expect(diff.to).toBe("version 2");
    expect(diff.added).toBe(1);
    expect(diff.removed).toBe(1);
    expect(diff.hunks[0]?.lines).toEqual([
      { type: "ctx", text: "# Title", oldNo: 1, newNo: 1 },
      { type: "del", text: "old line", oldNo: 2, newNo: null },
      { type: "add", text: "new line", oldNo: null, newNo: 2 },
      { type: "ctx", text: "same", oldNo: 3, newNo: 3 },
    ]);
  });

  it("starts a brand-new item from nothing", () => {
    const diff = parseUnifiedDiff(["--- nothing published", "+++ version 1", "@@ -0,0 +1,2 @@", "+# Title", "+"].join("\n"));
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(0);
    expect(diff.hunks[0]?.lines.map((line) => line.newNo)).toEqual([1, 2]);
    expect(parseUnifiedDiff("").hunks).toEqual([]);
  });
});
