import { screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { BookedSession } from "../../api/bookings";
import { AppRoutes } from "../../app/routes";
import { json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { bookedSession, hourFromNow } from "../../test/booking-fixtures";

const STUDENT = makeUser({ display_name: "Sam Taylor" });
const progress = {
  total_xp: 35, level: { level: 1, floor: 0, next_at: 100 }, streak: 3, longest_streak: 3, freezes: 0, daily_goal: 20,
  today_xp: 10, today: "2026-12-07", hidden: false, tier: 1, tier_name: "bronze", league: null, achievements: 2,
};
const learning = { courses: [], practice: [], totals: { items_marked: 0, questions_solved: 0, attempts: 0, certificates: 0 } };

beforeAll(async () => {
  await import("./DashboardPage");
}, 60_000);

function upcoming(): BookedSession {
  const start = hourFromNow(2);
  return bookedSession({
    start,
    id: "60000000-0000-4000-8000-000000000020",
    student_id: STUDENT.id,
    price: 3500,
    free_cancellation_until: start.toISOString(),
    refund_if_cancelled_now: 3500,
    sequence: 1,
  });
}

function routes(items: BookedSession[]) {
  return mockApi({
    "GET /api/v1/me": () => json(STUDENT),
    "GET /api/v1/me/learning": () => json(learning),
    "GET /api/v1/me/courses": () => json({ items: [], total: 0, page: 1, page_size: 5 }),
    "GET /api/v1/bookings": () => json({ items, total: items.length, page: 1, page_size: 3 }),
    "GET /api/v1/me/progress": () => json(progress),
  });
}

describe("the student's home page", () => {
  it("lists the upcoming sessions and counts booking as done on the checklist", async () => {
    routes([upcoming()]);
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    const list = await screen.findByRole("list", { name: "Upcoming sessions" });
    expect(within(list).getByRole("link", { name: /Amara Okafor/ })).toHaveAttribute("href", "/sessions/60000000-0000-4000-8000-000000000020");
    expect(screen.getByRole("link", { name: /All my sessions/ })).toHaveAttribute("href", "/sessions");
    expect(screen.getByRole("progressbar", { name: "Getting started progress" })).toHaveAttribute("aria-valuenow", "4");
    expect(screen.queryByText(/opens soon/)).not.toBeInTheDocument();
    expect(await screen.findByRole("progressbar", { name: "Today's goal" })).toHaveAttribute("aria-valuetext", "10 / 20 XP");
    expect(within(screen.getByRole("region", { name: "Your progress" })).getByRole("link", { name: "Leaderboards" })).toHaveAttribute("href", "/leaderboards");
  }, 20_000);

  it("leads a student without sessions to the mentors", async () => {
    routes([]);
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    expect(await screen.findByText("No upcoming sessions")).toBeInTheDocument();
    const card = screen.getByText("No upcoming sessions").closest("div.rounded-2xl") as HTMLElement;
    expect(within(card).getByRole("link", { name: "Find a mentor" })).toHaveAttribute("href", "/mentors");
    expect(screen.getByRole("progressbar", { name: "Getting started progress" })).toHaveAttribute("aria-valuenow", "3");
    expect(screen.getByText("Compare verified mentors and book a time that suits you.")).toBeInTheDocument();
    expect(screen.queryByText(/opens soon/)).not.toBeInTheDocument();
  });
});
