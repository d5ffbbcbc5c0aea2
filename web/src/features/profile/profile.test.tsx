import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { json, makeUser, mockApi } from "../../test/mock-api";
import { completeProfile } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

describe("student profile", () => {
  it("shows the student's details and honest empty sections that lead to mentor search", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser({ display_name: "Sam Taylor", timezone: "Australia/Sydney" })) });
    renderWithProviders(<AppRoutes />, { route: "/profile" });
    expect(await screen.findByRole("heading", { level: 1, name: "My profile" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Sam Taylor" })).toBeInTheDocument();
    expect(screen.getByText(/Australia\/Sydney/)).toBeInTheDocument();
    for (const title of ["No sessions yet", "Nothing to track yet", "No XP or badges yet"]) {
      const section = screen.getByText(title).closest("div.rounded-2xl") as HTMLElement;
      expect(within(section).getByRole("link", { name: /mentor/i })).toHaveAttribute("href", "/mentors");
    }
  });

  it("is for students: mentors see where they belong instead", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser({ role: "mentor" })), "GET /api/v1/mentor/profile": () => json(completeProfile()) });
    renderWithProviders(<AppRoutes />, { route: "/profile" });
    expect(await screen.findByText(/reserved for students/)).toBeInTheDocument();
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Mentor profile" })).toHaveAttribute("href", "/mentor/onboarding");
    expect(within(nav).getByRole("link", { name: "Availability" })).toHaveAttribute("href", "/mentor/availability");
    expect(within(nav).queryByText("Soon")).not.toBeInTheDocument();
  });
});
