import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { json, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import type { Draft } from "./drafts";
import { emptyQuestion } from "./question";
import { StudentPreviewButton } from "./StudentPreview";
import { learnerBody } from "./student-view";

const ITEM_ID = "7b1e0c2a-3f4d-4e5a-9b6c-1d2e3f4a5b6c";

const question: Draft = {
  kind: "question",
  question: {
    ...emptyQuestion("single_choice"),
    prompt: "<p>Which unit measures energy?</p>",
    explanation: "<p>A joule is one newton over one metre.</p>",
    choices: [
      { id: "w", text: "Watt", correct: false },
      { id: "j", text: "Joule", correct: true },
    ],
    hints: ["Think of work done.", "It is named after a brewer.", " "],
  },
};

beforeAll(async () => {
  await import("../content/ContentView");
});
afterEach(() => vi.unstubAllGlobals());

async function openPreview(draft: Draft) {
  const calls = mockApi({ [`GET /api/v1/content/${ITEM_ID}/attempts`]: () => json({ items: [] }) });
  renderWithProviders(<StudentPreviewButton itemId={ITEM_ID} title="Units of energy" draft={draft} mentorName="Amara Okafor" />);
  await userEvent.click(screen.getByRole("button", { name: "Preview as student" }));
  return { calls, dialog: await screen.findByRole("dialog", { name: "Preview as student" }) };
}

describe("preview as student", () => {
  it("shows an unsaved question the way learners get it: no answer key, no explanation", async () => {
    const { dialog } = await openPreview(question);
    expect(await within(dialog).findByText("Which unit measures energy?")).toBeInTheDocument();
    expect(within(dialog).getByRole("heading", { name: "Units of energy" })).toBeInTheDocument();
    expect(within(dialog).getByRole("radio", { name: /Watt/ })).toBeInTheDocument();
    expect(within(dialog).getByRole("radio", { name: /Joule/ })).toBeInTheDocument();
    expect(within(dialog).queryByText(/Answer key/i)).toBeNull();
    expect(within(dialog).queryByText(/Correct/i)).toBeNull();
    expect(within(dialog).queryByText(/newton over one metre/)).toBeNull();
    expect(within(dialog).queryByText("Think of work done.")).toBeNull();
  });

  it("sends no answer to the server and gives the hints one at a time", async () => {
    const { calls, dialog } = await openPreview(question);
    await userEvent.click(await within(dialog).findByRole("radio", { name: /Watt/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Check answer" }));
    expect(await within(dialog).findByRole("status")).toHaveTextContent("Answers aren't checked in the preview");
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(0);

    const hints = within(dialog).getByRole("region", { name: "Hints" });
    await userEvent.click(within(hints).getByRole("button", { name: "Show a hint (1 of 2)" }));
    expect(within(hints).getByText("Think of work done.")).toBeInTheDocument();
    expect(within(hints).queryByText("It is named after a brewer.")).toBeNull();
    await userEvent.click(within(hints).getByRole("button", { name: "Show another hint (2 of 2)" }));
    expect(within(hints).getByText("It is named after a brewer.")).toBeInTheDocument();
    expect(within(hints).queryByRole("button")).toBeNull();
  });

  it("renders a note's draft as the lesson text", async () => {
    const { dialog } = await openPreview({ kind: "note", html: "<h2>Momentum</h2><p>Mass times velocity.</p>" });
    expect(await within(dialog).findByText("Mass times velocity.")).toBeInTheDocument();
    expect(within(dialog).queryByRole("region", { name: "Hints" })).toBeNull();
  });
});

describe("learner body", () => {
  it("keeps only what the server's learner view keeps", () => {
    expect(learnerBody(question, "")).toEqual({
      kind: "question",
      type: "single_choice",
      prompt: "<p>Which unit measures energy?</p>",
      choices: [
        { id: "w", text: "Watt" },
        { id: "j", text: "Joule" },
      ],
    });
    const numeric: Draft = { kind: "question", question: { ...emptyQuestion("numeric"), prompt: "<p>g?</p>", answer: "9.81", tolerance: "0.01", unit: "m/s²" } };
    expect(learnerBody(numeric, "")).toEqual({ kind: "question", type: "numeric", prompt: "<p>g?</p>", unit: "m/s²" });
  });

  it("names a simulation by the item when it has no name of its own, and explains a refused address", () => {
    expect(learnerBody({ kind: "simulation", url: "https://phet.colorado.edu/sims/html/x/latest/x_en.html", title: "" }, "Projectiles")).toEqual({
      kind: "simulation",
      url: "https://phet.colorado.edu/sims/html/x/latest/x_en.html",
      host: "phet.colorado.edu",
      title: "Projectiles",
    });
    expect(learnerBody({ kind: "simulation", url: "https://example.org/sim", title: "" }, "Projectiles")).toHaveProperty("problem");
  });
});
