import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Attempt } from "../../api/learning";
import { apiError, json, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import type { QuestionBody, Solution } from "./bodies";
import { QuestionPlayer } from "./QuestionPlayer";

const ITEM = "50000000-0000-4000-8000-000000000001";
const choices = [
  { id: "a", text: "It speeds up" },
  { id: "b", text: "It keeps moving at constant velocity" },
  { id: "c", text: "It stops" },
];

function attempt(overrides: Partial<Attempt> = {}): Attempt {
  return {
    id: `60000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, "0")}`,
    item_id: ITEM,
    version: 3,
    answer: {},
    correct: true,
    time_taken_ms: 12_000,
    created_at: "2026-11-27T10:00:00Z",
    hints_used: 0,
    solution_shown: false,
    hints_total: 0,
    explanation: null,
    solution: null,
    ...overrides,
  };
}

const WRONG = "60000000-0000-4000-8000-00000000000f";
const HINTS = ["Think of Newton's first law.", "No force means no change in velocity."];
const EXPLANATION = '<p>Newton\'s first law: <span data-type="inline-math" data-latex="F = 0"></span> means no change.</p>';

function setup(question: QuestionBody, respond: (call: Call) => Attempt, previous: Attempt[] = [], solution: Solution = { correct: ["b"] }) {
  const stored = [...previous];
  let hintsUsed = 0;
  const help = (attemptId: string, shown: boolean) => ({
    attempt_id: attemptId,
    item_id: ITEM,
    hints: HINTS.slice(0, hintsUsed),
    hints_used: hintsUsed,
    hints_total: HINTS.length,
    solution_shown: shown,
    explanation: shown ? EXPLANATION : null,
    solution: shown ? solution : null,
  });
  const calls = mockApi({
    "GET /api/v1/me": () => apiError(401, "not_authenticated"),
    [`GET /api/v1/content/${ITEM}/attempts`]: () => json({ items: stored }),
    [`POST /api/v1/content/${ITEM}/attempts`]: (call) => {
      const made = respond(call);
      stored.unshift(made);
      return json(made, 201);
    },
    [`POST /api/v1/content/${ITEM}/attempts/${WRONG}/hints`]: () => {
      if (hintsUsed >= HINTS.length) return apiError(409, "no_more_hints");
      hintsUsed += 1;
      return json(help(WRONG, false));
    },
    [`POST /api/v1/content/${ITEM}/attempts/${WRONG}/solution`]: () => json(help(WRONG, true)),
  });
  renderWithProviders(<QuestionPlayer itemId={ITEM} question={question} />);
  return calls;
}

const posts = (calls: Call[]) => calls.filter((call) => call.method === "POST");

describe("QuestionPlayer", () => {
  it("single choice: a wrong answer gives nothing away; hints one at a time, then the solution on request", async () => {
    const question: QuestionBody = { kind: "question", type: "single_choice", prompt: "<p>No net force acts on a moving body. What happens?</p>", choices };
    const calls = setup(question, (call) =>
      attempt({
        answer: (call.body as { answer: Record<string, unknown> }).answer,
        correct: false,
        id: WRONG,
        hints_total: HINTS.length,
      }),
    );
    expect(await screen.findByText("No net force acts on a moving body. What happens?")).toBeInTheDocument();
    const group = screen.getByRole("group", { name: "Choose one answer" });
    await userEvent.click(within(group).getByRole("radio", { name: /It stops/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));

    const feedback = await screen.findByRole("region", { name: "Not quite" });
    expect(feedback).toHaveFocus();
    const body = posts(calls)[0]?.body as { answer: unknown; time_taken_ms: number };
    expect(body.answer).toEqual({ type: "single_choice", choice: "c" });
    expect(Number.isInteger(body.time_taken_ms) && body.time_taken_ms >= 0).toBe(true);
    expect(within(feedback).queryByText("Correct answer")).not.toBeInTheDocument();
    expect(within(group).queryByText("Your answer, incorrect")).not.toBeInTheDocument();

    await userEvent.click(within(feedback).getByRole("button", { name: "Show a hint (1 of 2)" }));
    expect(await within(feedback).findByText(HINTS[0] ?? "")).toBeInTheDocument();
    await userEvent.click(within(feedback).getByRole("button", { name: "Next hint (2 of 2)" }));
    expect(await within(feedback).findByText(HINTS[1] ?? "")).toBeInTheDocument();
    expect(within(feedback).queryByRole("button", { name: /hint/i })).not.toBeInTheDocument();
    expect(calls.filter((call) => call.path.endsWith("/hints"))).toHaveLength(2);

    await userEvent.click(within(feedback).getByRole("button", { name: "Show solution" }));
    expect(await within(feedback).findByText("Correct answer")).toBeInTheDocument();
    expect(within(feedback).getByText("It keeps moving at constant velocity")).toBeInTheDocument();
    expect(within(feedback).getByText(/Newton's first law:/)).toBeInTheDocument();
    expect(within(feedback).getByRole("img", { name: /F, equals, 0/ })).toBeInTheDocument();
    // The choices say which was picked and which is right, in words as well as colour.
    expect(within(group).getByText("Your answer, incorrect")).toBeInTheDocument();
    expect(within(group).getByRole("radio", { name: /It stops/ })).toBeDisabled();

    await userEvent.click(within(feedback).getByRole("button", { name: "Try again" }));
    expect(screen.queryByRole("region", { name: "Not quite" })).not.toBeInTheDocument();
    const first = within(group).getByRole("radio", { name: /It speeds up/ });
    await waitFor(() => expect(first).toHaveFocus());
    expect(first).toBeEnabled();
    expect(within(group).getByRole("radio", { name: /It stops/ })).not.toBeChecked();
  }, 20_000);

  it("multiple choice: sends every ticked id in display order", async () => {
    const question: QuestionBody = { kind: "question", type: "multiple_choice", prompt: "<p>Which are vectors?</p>", choices };
    const calls = setup(question, () => attempt({ correct: true, solution: { correct: ["a", "c"] } }));
    await userEvent.click(await screen.findByRole("checkbox", { name: /It stops/ }));
    await userEvent.click(screen.getByRole("checkbox", { name: /It speeds up/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    expect(await screen.findByRole("region", { name: "Correct!" })).toBeInTheDocument();
    expect((posts(calls)[0]?.body as { answer: unknown }).answer).toEqual({ type: "multiple_choice", choices: ["a", "c"] });
    expect(screen.getAllByText("Your answer, correct")).toHaveLength(2);
  });

  it("numeric: reads a decimal comma, shows the unit and the accepted range", async () => {
    const question: QuestionBody = { kind: "question", type: "numeric", prompt: "<p>Free-fall acceleration?</p>", unit: "m/s²" };
    const calls = setup(question, (call) =>
      attempt({ answer: (call.body as { answer: Record<string, unknown> }).answer, correct: true, solution: { answer: 9.81, tolerance: 0.05, unit: "m/s²" } }),
    );
    const input = await screen.findByRole("textbox", { name: /^Your answer ?\(in m\/s²\)$/ });
    expect(input).toHaveAccessibleDescription("Free-fall acceleration?");
    await userEvent.type(input, "9,8 m");
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Enter a number, like 9.81 or 6.02e23.");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(posts(calls)).toHaveLength(0);

    await userEvent.clear(input);
    await userEvent.type(input, "9,8");
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    const feedback = await screen.findByRole("region", { name: "Correct!" });
    expect((posts(calls)[0]?.body as { answer: unknown }).answer).toEqual({ type: "numeric", value: 9.8 });
    expect(feedback).toHaveTextContent("You answered 9.8 m/s².");
    expect(feedback).toHaveTextContent("Correct answer: 9.81 m/s² (± 0.05)");
  });

  it("short text: sends the trimmed text and lists the accepted answers", async () => {
    const question: QuestionBody = { kind: "question", type: "short_text", prompt: "<p>Unit of force?</p>" };
    const calls = setup(question, () => attempt({ id: WRONG, correct: false, answer: { text: "Joule" } }), [], { accepted: ["newton", "N"] });
    await userEvent.click(await screen.findByRole("button", { name: "Check answer" }));
    expect(screen.getByRole("alert")).toHaveTextContent("Type your answer first.");
    await userEvent.type(screen.getByRole("textbox", { name: "Your answer" }), "  Joule ");
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    const feedback = await screen.findByRole("region", { name: "Not quite" });
    expect((posts(calls)[0]?.body as { answer: unknown }).answer).toEqual({ type: "short_text", text: "Joule" });
    expect(within(feedback).queryByText("Accepted answers")).not.toBeInTheDocument();
    await userEvent.click(within(feedback).getByRole("button", { name: "Show solution" }));
    expect(await within(feedback).findByText("Accepted answers")).toBeInTheDocument();
    expect(within(feedback).getByText("newton")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Your answer" })).toBeDisabled();
  });

  it("counts earlier attempts and adds each new one", async () => {
    const question: QuestionBody = { kind: "question", type: "single_choice", prompt: "<p>Pick one</p>", choices };
    setup(question, () => attempt({ correct: true, solution: { correct: ["a"] } }), [attempt({ correct: false }), attempt({ correct: true })]);
    expect(await screen.findByText("2 attempts so far · 1 correct")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("radio", { name: /It speeds up/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    expect(await screen.findByText("3 attempts so far · 2 correct")).toBeInTheDocument();
  });

  it("explains a refused answer", async () => {
    mockApi({
      "GET /api/v1/me": () => apiError(401, "not_authenticated"),
      [`GET /api/v1/content/${ITEM}/attempts`]: () => json({ items: [] }),
      [`POST /api/v1/content/${ITEM}/attempts`]: () => apiError(404, "not_found"),
    });
    renderWithProviders(<QuestionPlayer itemId={ITEM} question={{ kind: "question", type: "single_choice", prompt: "<p>Pick</p>", choices }} />);
    await userEvent.click(await screen.findByRole("radio", { name: /It stops/ }));
    await userEvent.click(screen.getByRole("button", { name: "Check answer" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("We couldn't check your answer");
    expect(screen.getByRole("radio", { name: /It stops/ })).toBeEnabled();
  });

  it("in a reviewer's preview shows the answer key and sends nothing", async () => {
    const calls = mockApi({ "GET /api/v1/me": () => apiError(401, "not_authenticated") });
    renderWithProviders(
      <QuestionPlayer
        itemId={ITEM}
        question={{ kind: "question", type: "multiple_choice", prompt: "<p>Pick</p>", choices }}
        preview={{ answerKey: { correct: ["a", "b"] }, explanation: "<p>Both change momentum.</p>" }}
      />,
    );
    const key = await screen.findByRole("region", { name: "Answer key" });
    expect(within(key).getByText("Reviewers only")).toBeInTheDocument();
    expect(within(key).getByText("Correct answers")).toBeInTheDocument();
    expect(within(key).getByText("It speeds up")).toBeInTheDocument();
    expect(within(key).getByText("Both change momentum.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check answer" })).toBeDisabled();
    expect(calls.filter((call) => call.path.startsWith("/api/v1/content"))).toHaveLength(0);
  });
});
