import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { contentItem, ITEM_ID, summaryOf, version } from "../../test/content-fixtures";
import { apiError, json, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { MachineSuggestedBadge } from "../content/MachineSuggestedBadge";
import { AssistantCard } from "./AssistantCard";
import { ContentStatusBadges } from "./ContentStatusBadges";

const QUESTION_ID = "80000000-0000-4000-8000-000000000009";

describe("content assistant", () => {
  it("drafts the chosen number of questions from a note and links to them", async () => {
    const drafted = contentItem({
      id: QUESTION_ID,
      kind: "question",
      title: "Which term: Inertia",
      machine_suggested: true,
      latest: version({ title: "Which term: Inertia", body: { kind: "question", type: "short_text", prompt: "<p>…</p>", explanation: "", accepted: ["Inertia"], case_sensitive: false } }),
    });
    const calls = mockApi({
      [`POST /api/v1/mentor/content/${ITEM_ID}/suggest-questions`]: () => json({ items: [drafted] }, 201),
    });
    renderWithProviders(<AssistantCard item={contentItem()} kind="note" />);
    await userEvent.selectOptions(screen.getByLabelText("Questions"), "5");
    await userEvent.click(screen.getByRole("button", { name: "Suggest questions" }));

    expect(await screen.findByText("1 question drafted")).toBeInTheDocument();
    const drafts = screen.getByRole("list", { name: "New drafts" });
    expect(within(drafts).getByRole("link", { name: "Which term: Inertia" })).toHaveAttribute("href", `/mentor/content/${QUESTION_ID}`);
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ count: 5 });
  });

  it("says why nothing was drafted", async () => {
    mockApi({
      [`POST /api/v1/mentor/content/${ITEM_ID}/summarise`]: () =>
        apiError(422, "nothing_to_suggest", "This video has no captions to summarise yet."),
    });
    renderWithProviders(<AssistantCard item={contentItem({ kind: "video" })} kind="video" />);
    await userEvent.click(screen.getByRole("button", { name: "Draft a summary note" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("No summary this time");
    expect(alert).toHaveTextContent("This video has no captions to summarise yet.");
  });

  it("is offered for notes and videos only", () => {
    renderWithProviders(<AssistantCard item={contentItem({ kind: "question" })} kind="question" />);
    expect(screen.queryByText("Content assistant")).not.toBeInTheDocument();
  });

  it("marks machine-suggested items wherever their status shows", () => {
    renderWithProviders(
      <>
        <ContentStatusBadges item={summaryOf(contentItem({ machine_suggested: true }))} />
        <MachineSuggestedBadge item={{ machine_suggested: false }} />
      </>,
    );
    expect(screen.getAllByText("Machine-suggested")).toHaveLength(1);
  });
});
