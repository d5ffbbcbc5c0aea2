import { configure, screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { BookedSession } from "../../api/bookings";
import type { Earnings } from "../../api/earnings";
import { AppRoutes } from "../../app/routes";
import { formatNextAvailable } from "../../lib/datetime";
import { formatMoney } from "../../lib/money";
import { json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { completeProfile, MENTOR_ID } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

const ZONE = "Europe/Berlin";
const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: ZONE });
const start = new Date(Date.now() + 2 * 86_400_000);
start.setUTCMinutes(0, 0, 0);

const next = {
  id: "60000000-0000-4000-8000-000000000001",
  mentor_id: MENTOR_ID,
  student_id: "70000000-0000-4000-8000-000000000001",
  student_name: "Mei Lin",
  mentor_name: "Amara Okafor",
  reviewed: false,
  status: "confirmed",
  starts_at: start.toISOString(),
  ends_at: new Date(start.getTime() + 3_600_000).toISOString(),
  minutes: 60,
  price: 4000,
  paid: 4000,
  refunded: 0,
  currency: "EUR",
  free_cancellation_until: start.toISOString(),
  late_refund_percent: 50,
  refund_if_cancelled_now: 0,
  hold_expires_at: start.toISOString(),
  meeting_url: "",
  notes: "",
  cancelled_by: null,
  sequence: 0,
  trial: false,
} satisfies BookedSession;

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
