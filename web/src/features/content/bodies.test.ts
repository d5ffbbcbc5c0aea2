import { describe, expect, it } from "vitest";
import { answerKeyOf, buildAnswer, parseNumber, type QuestionBody } from "./bodies";
import { SIMULATION_HOSTS, SIMULATION_SITES, simulationSource } from "./simulation";

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

  it("tags each answer with the question's type; multiple choices in the order shown", () => {
    const question: QuestionBody = { kind: "question", type: "multiple_choice", prompt: "", choices };
    expect(buildAnswer(question, { choice: "", choices: ["c", "a"], value: "", text: "" })).toEqual({ answer: { type: "multiple_choice", choices: ["a", "c"] } });
    expect(buildAnswer(question, { choice: "", choices: [], value: "", text: "" })).toEqual({ problem: "Choose at least one answer." });
    const numeric: QuestionBody = { kind: "question", type: "numeric", prompt: "", unit: "m/s²" };
    expect(buildAnswer(numeric, { choice: "", choices: [], value: "9,81", text: "" })).toEqual({ answer: { type: "numeric", value: 9.81 } });
    const text: QuestionBody = { kind: "question", type: "short_text", prompt: "" };
    expect(buildAnswer(text, { choice: "", choices: [], value: "", text: "  Paris " })).toEqual({ answer: { type: "short_text", text: "Paris" } });
  });

  it("finds the answer key of a full question, or none in a learner's view", () => {
    const full: QuestionBody = { kind: "question", type: "numeric", prompt: "<p>g?</p>", answer: 9.81, tolerance: 0.05, unit: "m/s²" };
    expect(answerKeyOf(full)).toBe(full);
    expect(answerKeyOf({ kind: "question", type: "numeric", prompt: "<p>g?</p>", unit: "m/s²" })).toBeNull();
    expect(answerKeyOf({ kind: "question", type: "single_choice", prompt: "x", choices })).toBeNull();
    expect(answerKeyOf({ kind: "question", type: "short_text", prompt: "x", accepted: ["Paris"] })).not.toBeNull();
  });
});

describe("simulation sites", () => {
  it("are the server's allow-list, sorted as it lists them", () => {
    expect(SIMULATION_HOSTS).toEqual([...SIMULATION_HOSTS].sort());
    expect(SIMULATION_HOSTS).toEqual(Object.keys(SIMULATION_SITES).sort());
  });

  it("embed only over https from an allowed site, named for learners", () => {
    expect(simulationSource("https://phet.colorado.edu/sims/html/x/latest/x_en.html")?.provider).toBe("PhET Interactive Simulations");
    expect(simulationSource("https://www.geogebra.org/m/abc")).toEqual({ url: "https://www.geogebra.org/m/abc", provider: "GeoGebra" });
    expect(simulationSource("https://geogebra.org/m/abc")).toBeNull();
    expect(simulationSource("http://phet.colorado.edu/x")).toBeNull();
    expect(simulationSource("https://phet.colorado.edu.evil.example/x")).toBeNull();
    expect(simulationSource("https://user:pw@www.desmos.com/calculator")).toBeNull();
    expect(simulationSource("javascript:alert(1)")).toBeNull();
  });
});
