import { configure, screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { Earnings } from "../../api/earnings";
import { AppRoutes } from "../../app/routes";
import { formatNextAvailable } from "../../lib/datetime";
import { formatMoney } from "../../lib/money";
import { json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { completeProfile, MENTOR_ID } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";
import { bookedSession, hourFromNow } from "../../test/booking-fixtures";

const ZONE = "Europe/Berlin";
const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: ZONE });
const start = hourFromNow(2);

const next = bookedSession({ start, student_name: "Mei Lin", free_cancellation_until: start.toISOString() });

const earnings: Earnings = {
  month: "2026-12",
  balances: [{ currency: "EUR", pending: 3400, available: 5100, paid: 0 }],
  sessions: [{ session_id: next.id, starts_at: next.starts_at, student_name: "Mei Lin", minutes: 60, status: "confirmed", currency: "EUR", gross: 4000, commission: 600, refunds: 0, net: 3400, share: "pending" }],
  totals: [{ currency: "EUR", gross: 4000, commission: 600, refunds: 0, net: 3400 }],
  payouts: [],
};

function routes(status: "verified" | "submitted") {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/mentor/profile": () => json(completeProfile({ status })),
    "GET /api/v1/mentor/courses/summary": () => json({ learners: 0, published_courses: 0 }),
    "GET /api/v1/bookings": () => json({ items: [next], total: 3, page: 1, page_size: 1 }),
    "GET /api/v1/mentor/earnings": () => json(earnings),
  });
}

// Compile the lazy page before the first test's clock starts, and let a busy machine take its
// time over rendering the whole app.
beforeAll(async () => {
  configure({ asyncUtilTimeout: 10_000 });
  await import("./DashboardPage");
}, 60_000);

const asked = (calls: Call[], path: string) => calls.some((call) => call.path === path);

describe("the mentor's home page", { timeout: 30_000 }, () => {
  it("counts upcoming sessions, names the next one and sums up earnings", async () => {
    const calls = routes("verified");
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    const stat = await screen.findByRole("link", { name: /Upcoming sessions/ });
    expect(stat).toHaveAttribute("href", "/mentor/calendar");
    expect(await within(stat).findByText("3")).toBeInTheDocument();
    expect(stat).toHaveTextContent(`Next: ${formatNextAvailable(next.starts_at, ZONE)}`);
    const upcoming = calls.find((call) => call.path === "/api/v1/bookings");
    expect(upcoming?.search.get("when")).toBe("upcoming");
    expect(upcoming?.search.get("page_size")).toBe("1");

    expect(await screen.findByText(formatMoney(5100, "EUR"))).toBeInTheDocument();
    expect(screen.getByText("This month, 1 session")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View earnings" })).toHaveAttribute("href", "/mentor/earnings");
  });

  it("asks nothing about sessions or money before the mentor is verified", async () => {
    const calls = routes("submitted");
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    expect(await screen.findByText("Open once you're verified")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Upcoming sessions/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Earnings" })).not.toBeInTheDocument();
    expect(asked(calls, "/api/v1/bookings")).toBe(false);
    expect(asked(calls, "/api/v1/mentor/earnings")).toBe(false);
  });
});
