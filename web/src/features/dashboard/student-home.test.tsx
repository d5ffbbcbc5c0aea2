import { screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { BookedSession } from "../../api/bookings";
import { AppRoutes } from "../../app/routes";
import { MENTOR_ID } from "../../test/marketplace-fixtures";
import { json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const STUDENT = makeUser({ display_name: "Sam Taylor" });
const learning = { courses: [], practice: [], totals: { items_marked: 0, questions_solved: 0, attempts: 0, certificates: 0 } };

beforeAll(async () => {
  await import("./DashboardPage");
}, 60_000);

function upcoming(): BookedSession {
  const start = new Date(Date.now() + 2 * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  return {
    id: "60000000-0000-4000-8000-000000000020",
    mentor_id: MENTOR_ID,
    student_id: STUDENT.id,
    mentor_name: "Amara Okafor",
    student_name: "Sam Taylor",
    reviewed: false,
    status: "confirmed",
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 3600_000).toISOString(),
    minutes: 60,
    price: 3500,
    paid: 3500,
    refunded: 0,
    currency: "EUR",
    free_cancellation_until: start.toISOString(),
    late_refund_percent: 50,
    refund_if_cancelled_now: 3500,
    hold_expires_at: start.toISOString(),
    meeting_url: "",
    notes: "",
    cancelled_by: null,
    sequence: 1,
    trial: false,
  };
}

function routes(items: BookedSession[]) {
  return mockApi({
    "GET /api/v1/me": () => json(STUDENT),
    "GET /api/v1/me/learning": () => json(learning),
    "GET /api/v1/me/courses": () => json({ items: [], total: 0, page: 1, page_size: 5 }),
    "GET /api/v1/bookings": () => json({ items, total: items.length, page: 1, page_size: 3 }),
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
