import { describe, expect, it } from "vitest";
import { buildAnswer, parseAnswerKey, parseNumber, parseQuestion, simulationSource, type Question } from "./bodies";

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
