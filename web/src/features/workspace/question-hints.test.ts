import { describe, expect, it } from "vitest";
import { emptyQuestion, MAX_HINTS, questionBody, questionDraftFrom } from "./question";

const base = { ...emptyQuestion("short_text"), prompt: "<p>Unit of force?</p>", accepted: ["newton"] };

describe("question hints", () => {
  it("sends the mentor's hints in order, trimmed, without blank rows", () => {
    const result = questionBody({ ...base, hints: ["  Think of  Isaac. ", "", "It starts with n."] });
    expect(result.body?.hints).toEqual(["Think of Isaac.", "It starts with n."]);
  });

  it("leaves hints out when there are none, as older questions were saved", () => {
    expect(questionBody({ ...base, hints: [" "] }).body).not.toHaveProperty("hints");
  });

  it("refuses more hints than learners can be given", () => {
    const result = questionBody({ ...base, hints: Array.from({ length: MAX_HINTS + 1 }, (_, n) => `Hint ${n}`) });
    expect(result.errors?.["body.hints"]).toBe(`Give at most ${MAX_HINTS} hints.`);
  });

  it("reads the hints of a saved question back into the form", () => {
    const draft = questionDraftFrom({ type: "numeric", prompt: "<p>g?</p>", answer: 9.81, tolerance: 0, unit: "", hints: ["Free fall.", 3] });
    expect(draft.hints).toEqual(["Free fall."]);
    expect(questionDraftFrom({ type: "numeric", prompt: "<p>g?</p>", answer: 9.81 }).hints).toEqual([]);
  });
});
