import { describe, expect, it } from "vitest";
import { askAboutPath, askTitle, describeAnswer, quoteQuestion, wrongAnswerPrefill } from "./ask-about";
import type { QuestionBody } from "./bodies";

const choices = [
  { id: "a", text: "It speeds up" },
  { id: "b", text: "It keeps moving" },
  { id: "c", text: "It stops" },
];
const single: QuestionBody = { kind: "question", type: "single_choice", prompt: "<p>No net force acts on a moving body. What happens?</p>", choices };
const target = { itemId: "item-1", topicId: "topic-1", title: "Newton's first law" };

describe("ask about this", () => {
  it("links to the new-thread form with the item, its topic and a title", () => {
    const path = askAboutPath(target);
    expect(path.startsWith("/forum/new?")).toBe(true);
    const query = new URLSearchParams(path.slice(path.indexOf("?")));
    expect(Object.fromEntries(query)).toEqual({ item: "item-1", topic: "topic-1", title: "Question about “Newton's first law”" });
    const withBody = new URLSearchParams(askAboutPath(target, "> Why?\n\nBecause & so").split("?")[1]);
    expect(withBody.get("body")).toBe("> Why?\n\nBecause & so");
  });

  it("keeps the title within the forum's 150 characters, cut between words", () => {
    const title = askTitle(`${"very ".repeat(40)}long title`);
    expect(title.length).toBeLessThanOrEqual(150);
    expect(title).toMatch(/^Question about “(very )+very…”$/);
  });

  it("says which choice, choices, number or words were given", () => {
    expect(describeAnswer(single, { choice: "c" })).toBe("C. It stops");
    expect(describeAnswer({ ...single, type: "multiple_choice" }, { choices: ["a", "c"] })).toBe("A. It speeds up; C. It stops");
    expect(describeAnswer({ kind: "question", type: "numeric", prompt: "<p>g?</p>", unit: "m/s²" }, { value: 9.8 })).toBe("9.8 m/s²");
    expect(describeAnswer({ kind: "question", type: "short_text", prompt: "<p>Name it</p>" }, { text: "inertia" })).toBe("inertia");
    // A choice the question no longer has says nothing rather than something wrong.
    expect(describeAnswer(single, { choice: "z" })).toBeNull();
  });

  it("quotes the question and the wrong answer in a short body", () => {
    expect(wrongAnswerPrefill(single, { choice: "c" })).toBe(
      "> No net force acts on a moving body. What happens?\n\nI answered “C. It stops” but the expected answer is different — why?",
    );
    expect(wrongAnswerPrefill(single, {})).toBe("> No net force acts on a moving body. What happens?\n\nMy answer was marked wrong, and I don't see why.");
  });

  it("keeps formulas as LaTeX, paragraphs apart, and Markdown in the text inert", () => {
    const prompt =
      '<p>A force <span data-type="inline-math" data-latex="F = ma"></span> acts on *both* carts [1].</p>' +
      '<div data-type="block-math" data-latex="a = \\frac{F}{m}"></div><p>It costs $5.</p><img src="/x.png" alt="cart">';
    expect(quoteQuestion(prompt)).toBe("> A force $F = ma$ acts on \\*both\\* carts \\[1\\].\n>\n> $$a = \\frac{F}{m}$$\n>\n> It costs \\$5.");
  });

  it("cuts a long question between words and never through a formula", () => {
    const formula = '<span data-type="inline-math" data-latex="x^2 + y^2 = r^2"></span>';
    const spaced = quoteQuestion(`<p>${"word ".repeat(78)}${formula} and more words after it</p><p>A second paragraph.</p>`);
    expect(spaced.length).toBeLessThanOrEqual(420);
    expect(spaced).toContain(" $x^2 + y^2 = r^2$ ");
    expect(spaced).toMatch(/ and…$/);
    expect(spaced).not.toContain("second paragraph");
    // No space to cut at: the formula is dropped whole rather than broken.
    const unbroken = quoteQuestion(`<p>${"x".repeat(398)}${formula}${"y".repeat(20)}</p>`);
    expect(unbroken).toBe(`> ${"x".repeat(398)}…`);
  });
});
