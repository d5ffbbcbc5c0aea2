import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { MentorPortfolio } from "../../api/discovery";
import { AppRoutes } from "../../app/routes";
import { catalog, MENTOR_ID, NEWTON_ID, publicMentor, slots } from "../../test/marketplace-fixtures";
import { apiError, json, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const COURSE_ID = "6f1c0f7e-0000-4000-8000-00000000c001";
const LESSON_ID = "6f1c0f7e-0000-4000-8000-00000000a001";

const portfolio: MentorPortfolio = {
  work: { courses: 1, lessons: 12 },
  courses: [{ id: COURSE_ID, title: "Mechanics from scratch", description: "", lessons: 4 }],
  lessons: {
    items: [{ id: LESSON_ID, kind: "note", title: "Newton's second law", topic: { id: NEWTON_ID, slug: "newtons-laws", name: "Newton's laws of motion" } }],
    total: 12,
    page: 1,
    page_size: 10,
  },
};

describe("a mentor's profile", { timeout: 30_000 }, () => {
  it("shows their published courses and lessons", async () => {
    mockApi({
      "GET /api/v1/me": () => apiError(401, "not_authenticated"),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/mentors/${MENTOR_ID}`]: () => json(publicMentor()),
      [`GET /api/v1/mentors/${MENTOR_ID}/slots`]: () => json(slots()),
      [`GET /api/v1/public/mentors/${MENTOR_ID}/portfolio`]: () => json(portfolio),
    });
    renderWithProviders(<AppRoutes />, { route: `/mentors/${MENTOR_ID}` });
    const work = await screen.findByRole("region", { name: "Published on Mentora" }, { timeout: 15_000 });
    expect(await within(work).findByText("1 course · 12 lessons")).toBeInTheDocument();
    expect(within(work).getByRole("link", { name: /Mechanics from scratch/ })).toHaveAttribute("href", `/courses/${COURSE_ID}`);
    expect(within(work).getByText("4 lessons")).toBeInTheDocument();
    expect(within(work).getByRole("link", { name: /Newton's second law/ })).toHaveAttribute("href", `/learn/physics/newtons-laws/${LESSON_ID}`);
    expect(within(work).getByRole("navigation", { name: "Pagination" })).toBeInTheDocument();
  });
});
