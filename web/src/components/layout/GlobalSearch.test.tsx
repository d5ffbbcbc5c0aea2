import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Suggestions } from "../../api/discovery";
import { Route, Routes } from "react-router";
import { catalog } from "../../test/marketplace-fixtures";
import { apiError, json, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { AdaptiveLayout } from "./AdaptiveLayout";

const LESSON_ID = "6f1c0f7e-0000-4000-8000-00000000a001";
const COURSE_ID = "6f1c0f7e-0000-4000-8000-00000000c001";
const MENTOR_ID = "6f1c0f7e-0000-4000-8000-00000000b001";

const found: Suggestions = {
  lessons: [
    {
      id: LESSON_ID,
      title: "Newton's <b>second</b> law",
      kind: "note",
      subject_slug: "physics",
      topic_slug: "newtons-laws",
      topic_name: "Newton's laws of motion",
      mentor_name: "Amara Okafor",
    },
  ],
  courses: [{ id: COURSE_ID, title: "Newtonian mechanics", mentor_name: "Amara Okafor" }],
  mentors: [{ id: MENTOR_ID, display_name: "Isaac Newtonson", headline: "Physics tutor", work: { courses: 1, lessons: 3 } }],
};

function setUp() {
  const calls = mockApi({
    "GET /api/v1/me": () => apiError(401, "not_authenticated"),
    "GET /api/v1/catalog": () => json(catalog),
    "GET /api/v1/search/suggest": () => json(found),
  });
  renderWithProviders(
    <Routes>
      <Route element={<AdaptiveLayout />}>
        <Route path="learn" element={<h1>Learn home</h1>} />
        <Route path="search" element={<h1>Results</h1>} />
        <Route path="courses/:courseId" element={<h1>Course</h1>} />
      </Route>
    </Routes>,
    { route: "/learn" },
  );
  return calls;
}

async function headerBox() {
  await screen.findByRole("heading", { name: "Learn home" });
  return within(screen.getByRole("search", { name: "Site" })).getByRole("combobox", { name: "Search Mentora" });
}

describe("search suggestions in the header", { timeout: 30_000 }, () => {
  it("suggests lessons, courses and mentors as plain text while typing", async () => {
    const calls = setUp();
    const box = await headerBox();
    expect(box).toHaveAttribute("aria-expanded", "false");
    await userEvent.type(box, "newtn");
    const list = await screen.findByRole("listbox", { name: "Suggestions" });
    expect(box).toHaveAttribute("aria-expanded", "true");
    expect(box).toHaveAttribute("aria-controls", list.id);
    expect(within(list).getByRole("group", { name: "Lessons" })).toBeInTheDocument();
    expect(within(list).getByRole("group", { name: "Courses" })).toBeInTheDocument();
    expect(within(list).getByRole("group", { name: "Mentors" })).toBeInTheDocument();
    // A title is text, never markup.
    expect(within(list).getByText("Newton's <b>second</b> law")).toBeInTheDocument();
    expect(list.querySelector("b")).toBeNull();
    expect(calls.at(-1)?.search.get("q")).toBe("newtn");
  });

  it("walks the options with the arrow keys and opens one with Enter", async () => {
    setUp();
    const box = await headerBox();
    await userEvent.type(box, "newt");
    const list = await screen.findByRole("listbox", { name: "Suggestions" });
    const options = within(list).getAllByRole("option");
    expect(options).toHaveLength(3);
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(box).toHaveAttribute("aria-activedescendant", options[1]?.id);
    expect(options[1]).toHaveAttribute("aria-selected", "true");
    expect(box).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/courses/${COURSE_ID}`));
  });

  it("closes with Escape and still searches everything with Enter", async () => {
    setUp();
    const box = await headerBox();
    await userEvent.type(box, "newt");
    await screen.findByRole("listbox", { name: "Suggestions" });
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("listbox", { name: "Suggestions" })).not.toBeInTheDocument();
    expect(box).toHaveAttribute("aria-expanded", "false");
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/search?q=newt"));
  });
});
