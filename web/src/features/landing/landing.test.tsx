import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Overview } from "../../api/discovery";
import { AppRoutes } from "../../app/routes";
import { apiError, json, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const MENTOR_ID = "6f1c0f7e-0000-4000-8000-00000000b001";

const overview: Overview = {
  verified_mentors: 7,
  live_lessons: 1234,
  published_courses: 5,
  subjects: ["Physics", "Mathematics"],
  featured_mentors: [
    {
      id: MENTOR_ID,
      display_name: "Marie Curie",
      headline: "Physics and chemistry tutor",
      photo_url: null,
      subjects: ["Physics"],
      rating_avg: 0,
      rating_count: 0,
      work: { courses: 2, lessons: 14 },
    },
  ],
};

describe("the landing page", { timeout: 30_000 }, () => {
  it("shows the platform's real figures and mentors from the database", async () => {
    mockApi({ "GET /api/v1/me": () => apiError(401, "not_authenticated"), "GET /api/v1/public/overview": () => json(overview) });
    renderWithProviders(<AppRoutes />, { route: "/" });
    expect(await screen.findByRole("heading", { level: 1, name: /verified mentors/ })).toBeInTheDocument();
    expect(await screen.findByText("1,234")).toBeInTheDocument();
    expect(screen.getByText("Reviewed lessons")).toBeInTheDocument();
    const mentors = screen.getByRole("region", { name: "Mentors on Mentora" });
    expect(within(mentors).getByRole("link", { name: /Marie Curie/ })).toHaveAttribute("href", `/mentors/${MENTOR_ID}`);
    expect(within(mentors).getByText("2 courses · 14 lessons")).toBeInTheDocument();
    // No rating is shown for a mentor nobody has rated yet.
    expect(within(mentors).queryByText("0.0")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Material for Physics, Mathematics" })).toBeInTheDocument();
  });

  it("shows no invented mentor when there is none yet", async () => {
    mockApi({
      "GET /api/v1/me": () => apiError(401, "not_authenticated"),
      "GET /api/v1/public/overview": () => json({ ...overview, verified_mentors: 0, featured_mentors: [] }),
    });
    renderWithProviders(<AppRoutes />, { route: "/" });
    expect(await screen.findByText("Verified mentors")).toBeInTheDocument();
    await screen.findByRole("heading", { name: "Material for Physics, Mathematics" });
    expect(screen.queryByRole("region", { name: "Mentors on Mentora" })).not.toBeInTheDocument();
  });
});
