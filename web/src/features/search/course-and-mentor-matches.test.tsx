import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import type { Suggestions } from "../../api/discovery";
import { AdaptiveLayout } from "../../components/layout/AdaptiveLayout";
import { catalog } from "../../test/marketplace-fixtures";
import { apiError, json, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import SearchPage from "./SearchPage";

const COURSE_ID = "6f1c0f7e-0000-4000-8000-00000000c001";
const MENTOR_ID = "6f1c0f7e-0000-4000-8000-00000000b001";

const found: Suggestions = {
  lessons: [],
  courses: [{ id: COURSE_ID, title: "Newtonian <i>mechanics</i>", mentor_name: "Amara Okafor" }],
  mentors: [{ id: MENTOR_ID, display_name: "Isaac Newtonson", headline: "Physics tutor", work: { courses: 3, lessons: 12 } }],
};

function renderResults(route: string) {
  return renderWithProviders(
    <Routes>
      <Route element={<AdaptiveLayout />}>
        <Route path="search" element={<SearchPage />} />
      </Route>
    </Routes>,
    { route },
  );
}

describe("the results page", { timeout: 30_000 }, () => {
  it("has courses and mentors sections beside the lessons, with each mentor's published work", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => apiError(401, "not_authenticated"),
      "GET /api/v1/catalog": () => json(catalog),
      "GET /api/v1/search": () => json({ items: [], total: 0, total_exact: true, page: 1, page_size: 20, scope: "live" }),
      "GET /api/v1/search/suggest": () => json(found),
    });
    renderResults("/search?q=newtn");
    await screen.findByText("Isaac Newtonson", {}, { timeout: 10_000 });
    const courses = screen.getByRole("region", { name: "Courses" });
    expect(within(courses).getByRole("link", { name: /Newtonian <i>mechanics<\/i>/ })).toHaveAttribute("href", `/courses/${COURSE_ID}`);
    expect(courses.querySelector("i")).toBeNull();
    const mentors = screen.getByRole("region", { name: /Mentors/ });
    expect(within(mentors).getByRole("link", { name: /Isaac Newtonson/ })).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);
    expect(within(mentors).getByText("3 courses · 12 lessons")).toBeInTheDocument();
    expect(calls.find((call) => call.path === "/api/v1/search/suggest")?.search.get("q")).toBe("newtn");
  });
});
