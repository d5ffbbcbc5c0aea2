import { configure, screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { ItemAnalytics, StudentAnalytics, TeachingOverview } from "../../api/analytics";
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
    "GET /api/v1/mentor/analytics/overview": () => json(overview),
    "GET /api/v1/mentor/analytics/items": () => json({ items: [hardest], total: 1, page: 1, page_size: 10 }),
    "GET /api/v1/mentor/analytics/students": () => json({ items: [slipping], total: 1, page: 1, page_size: 10 }),
    "GET /api/v1/mentor/courses": () => json({ items: [], total: 0, page: 1, page_size: 50 }),
  });
}

const overview: TeachingOverview = { students: 12, at_risk: 1, items: 30, attempts: 480, first_day: "2026-11-08", last_day: "2026-12-07", study_by_day: [{ day: "2026-12-06", seconds: 1800 }] };
const hardest: ItemAnalytics = {
  item_id: "10000000-0000-4000-8000-000000000001", title: "Units of energy", kind: "question", status: "approved",
  topic: { id: "20000000-0000-4000-8000-000000000001", slug: "energy", name: "Energy" }, attempts: 40, learners: 20,
  first: { first_tries: 20, first_try_correct: 5, rate: 0.25 }, avg_time_ms: 42000, difficulty: "hard", discrimination: 0.41,
  study_seconds: 3600, studied_by: 18, wrong_choices: [],
};
const slipping: StudentAnalytics = {
  user_id: "30000000-0000-4000-8000-000000000001", display_name: "Mei Lin", courses: 1, sessions: 0, items_total: 8, items_done: 3,
  attempts: 14, first: { first_tries: 10, first_try_correct: 5, rate: 0.5 }, recent: { first_tries: 5, first_try_correct: 1, rate: 0.2 },
  earlier: { first_tries: 5, first_try_correct: 4, rate: 0.8 }, study_seconds: 5400, last_activity: "2026-12-05T10:00:00Z",
  since: "2026-11-01T10:00:00Z", at_risk: ["falling_accuracy"], weak_topics: [{ id: "20000000-0000-4000-8000-000000000001", slug: "energy", name: "Energy" }],
};

// Compile the lazy page before the first test's clock starts, and let a busy machine take its
// time over rendering the whole app.
beforeAll(async () => {
  configure({ asyncUtilTimeout: 10_000 });
  await import("./DashboardPage");
  await import("./TeachingAnalytics");
  await import("../analytics/charts");
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

  it("shows the hardest question and the students at risk, each chart with its table", async () => {
    const calls = routes("verified");
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    const items = await screen.findByRole("table", { name: "Your items with their answers and difficulty" });
    expect(await within(items).findByRole("button", { name: "Units of energy" })).toBeInTheDocument();
    expect(within(items).getByText("25 %")).toBeInTheDocument();
    expect(within(items).getByText("hard")).toBeInTheDocument();
    expect(calls.find((call) => call.path === "/api/v1/mentor/analytics/items")?.search.get("order")).toBe("hardest");
    const students = screen.getByRole("table", { name: "Your students with their progress and risk" });
    expect(await within(students).findByRole("link", { name: "Mei Lin" })).toHaveAttribute("href", `/dashboard/students/${slipping.user_id}`);
    expect(within(students).getByText("Accuracy falling")).toBeInTheDocument();
    const study = screen.getByRole("figure", { name: /Minutes learners studied your content per day/ });
    expect(within(study).getByRole("table", { hidden: true })).toBeInTheDocument();
    expect(within(study).getByRole("rowheader", { name: "6 Dec" })).toBeInTheDocument();
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
