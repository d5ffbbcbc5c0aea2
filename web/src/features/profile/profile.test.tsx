import { configure, screen, within } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { LearnerAnalytics } from "../../api/analytics";
import type { LearningOverview } from "../../api/courses";
import { AppRoutes } from "../../app/routes";
import { json, makeUser, mockApi } from "../../test/mock-api";
import { completeProfile } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

function learning(overrides: Partial<LearningOverview> = {}): LearningOverview {
  return { courses: [], practice: [], totals: { items_marked: 0, questions_solved: 0, attempts: 0, certificates: 0 }, ...overrides };
}

function analytics(overrides: Partial<LearnerAnalytics> = {}): LearnerAnalytics {
  return { study: { first_day: "2026-11-08", last_day: "2026-12-07", total_seconds: 0, by_day: [], by_topic: [], by_course: [] }, topics: [], practise: [], ...overrides };
}

const ENERGY = { id: "20000000-0000-4000-8000-000000000001", slug: "energy", name: "Energy" };
const MENTOR = "d2c7a7b4-8f7e-4b9f-9a55-1c3f5e2b7a10";

// Compile the lazy page and its charts before the first test's clock starts.
beforeAll(async () => {
  configure({ asyncUtilTimeout: 10_000 });
  await import("./StudentProfilePage");
  await import("../analytics/charts");
}, 60_000);

describe("student profile", () => {
  it("shows study time, the weak topics with what to practise, and books a session on one", async () => {
    const calls = mockApi({
      "GET /api/v1/me/progress/calendar": () =>
        json([
          { day: "2026-12-04", xp: 5, goal_met: false, frozen: false },
          { day: "2026-12-05", xp: 0, goal_met: false, frozen: true },
          { day: "2026-12-06", xp: 30, goal_met: true, frozen: false },
        ]),
      "GET /api/v1/me/progress/achievements": () =>
        json([
          { code: "first_lesson", title: "First steps", description: "Finish your first note or lesson.", icon: "book", unlocked_at: "2026-12-04T08:00:00Z" },
          { code: "streak_7", title: "Week on fire", description: "Keep a 7-day streak.", icon: "flame", unlocked_at: null },
        ]),
      "GET /api/v1/me": () => json(makeUser({ display_name: "Mei Lin" })),
      "GET /api/v1/me/learning": () => json(learning()),
      "GET /api/v1/bookings": () => json({ items: [], total: 0, page: 1, page_size: 3 }),
      "GET /api/v1/catalog": () => json({ subjects: [] }),
      "GET /api/v1/me/progress": () =>
        json({
          total_xp: 140, level: { level: 2, floor: 100, next_at: 300 }, streak: 4, longest_streak: 9, freezes: 1,
          daily_goal: 20, today_xp: 15, today: "2026-12-07", hidden: false, tier: 2, tier_name: "silver",
          league: { rank: 3, user_id: "71000000-0000-4000-8000-000000000003", display_name: "Mei Lin", xp: 40, total_xp: 140 },
          achievements: 1,
        }),
      "GET /api/v1/me/analytics": () =>
        json(
          analytics({
            study: { first_day: "2026-12-01", last_day: "2026-12-07", total_seconds: 5400, by_day: [{ day: "2026-12-06", seconds: 5400 }], by_topic: [{ topic: ENERGY, seconds: 5400 }], by_course: [] },
            topics: [{ topic: ENERGY, attempts: 6, first: { first_tries: 4, first_try_correct: 1, rate: 0.25 }, solved: 2, weak: true, mentor_id: MENTOR }],
            practise: [{ item_id: "10000000-0000-4000-8000-000000000002", title: "Units of energy", topic: ENERGY, mentor_id: MENTOR, state: "wrong" }],
          }),
        ),
    });
    renderWithProviders(<AppRoutes />, { route: "/profile" });
    expect(await screen.findByText("1 h 30 min")).toBeInTheDocument();
    const chart = screen.getByRole("figure", { name: /Minutes studied per day/ });
    expect(within(chart).getByRole("rowheader", { name: "6 Dec" })).toBeInTheDocument();
    expect(within(chart).getByText("90 min")).toBeInTheDocument();
    const topics = screen.getByRole("list", { name: "Accuracy per topic" });
    expect(within(topics).getByText("Needs practice")).toBeInTheDocument();
    expect(within(topics).getByRole("link", { name: "Book a session on this topic" })).toHaveAttribute("href", `/mentors/${MENTOR}?topic=energy#availability`);
    expect(screen.getByRole("link", { name: "Units of energy" })).toHaveAttribute("href", "/learn/practice/energy/10000000-0000-4000-8000-000000000002");
    // XP and badges, once earned: level, streak, league and a way to the boards.
    expect(await screen.findByText("Level 2 · 140 XP")).toBeInTheDocument();
    expect(screen.getByText("4 days (longest 9 days)")).toBeInTheDocument();
    expect(screen.getByText("Silver · rank 3")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Leaderboards and achievements" })).toHaveAttribute("href", "/leaderboards");
    // The streak calendar: twelve weeks of the learner's days up to today, a Monday.
    const calendar = await screen.findByRole("table", { name: /Your learning days, the last 12 weeks/ });
    expect(within(calendar).getByText("Sun 6 Dec: 30 XP, daily goal met")).toBeInTheDocument();
    expect(within(calendar).getByText("Sat 5 Dec: missed, kept by a streak freeze")).toBeInTheDocument();
    expect(within(calendar).getByText("Mon 7 Dec: no XP")).toBeInTheDocument();
    expect(within(calendar).getAllByRole("cell")).toHaveLength(12 * 7);
    expect(screen.getByText("2 active days in 12 weeks")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/v1/me/progress/calendar")?.search.get("days")).toBe("78");
    // Badges: the unlocked ones only.
    const badges = await screen.findByRole("list", { name: "My badges" });
    expect(within(badges).getByText("First steps")).toBeInTheDocument();
    expect(within(badges).queryByText("Week on fire")).not.toBeInTheDocument();
  }, 20_000);

  it("shows the student's details and honest empty sections that lead to mentor search", async () => {
    mockApi({
      "GET /api/v1/me": () => json(makeUser({ display_name: "Sam Taylor", timezone: "Australia/Sydney" })),
      "GET /api/v1/me/learning": () => json(learning()),
      "GET /api/v1/me/analytics": () => json(analytics()),
      "GET /api/v1/bookings": () => json({ items: [], total: 0, page: 1, page_size: 3 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/profile" });
    expect(await screen.findByRole("heading", { level: 1, name: "My profile" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Sam Taylor" })).toBeInTheDocument();
    expect(screen.getByText(/Australia\/Sydney/)).toBeInTheDocument();
    expect(await screen.findByText("Nothing to track yet")).toBeInTheDocument();
    expect(await screen.findByText("No upcoming sessions")).toBeInTheDocument();
    for (const title of ["No upcoming sessions", "Nothing to track yet", "No XP or badges yet"]) {
      const section = screen.getByText(title).closest("div.rounded-2xl") as HTMLElement;
      expect(within(section).getByRole("link", { name: /mentor/i })).toHaveAttribute("href", "/mentors");
    }
  }, 20_000);

  it("lists the next upcoming sessions with the mentor, and leads to all of them", async () => {
    const start = new Date(Date.now() + 2 * 86_400_000);
    start.setUTCMinutes(0, 0, 0);
    const session = {
      id: "60000000-0000-4000-8000-000000000010", mentor_id: "d2c7a7b4-8f7e-4b9f-9a55-1c3f5e2b7a10", student_id: makeUser().id,
      mentor_name: "Lukas Becker", student_name: "Sam Taylor", reviewed: false, status: "confirmed",
      starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 3600_000).toISOString(), minutes: 60, price: 4000, paid: 4000,
      refunded: 0, currency: "EUR", free_cancellation_until: start.toISOString(), late_refund_percent: 50, refund_if_cancelled_now: 4000,
      hold_expires_at: start.toISOString(), meeting_url: "", notes: "", cancelled_by: null, sequence: 1, trial: false,
    };
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser({ display_name: "Sam Taylor" })),
      "GET /api/v1/me/learning": () => json(learning()),
      "GET /api/v1/me/analytics": () => json(analytics()),
      "GET /api/v1/bookings": () => json({ items: [session], total: 4, page: 1, page_size: 3 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/profile" });
    const list = await screen.findByRole("list", { name: "Upcoming sessions" });
    expect(within(list).getByRole("link", { name: /Lukas Becker/ })).toHaveAttribute("href", `/sessions/${session.id}`);
    expect(screen.getByText("4 booked · times in your time zone")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /All 4 upcoming sessions/ })).toHaveAttribute("href", "/sessions");
    const asked = calls.find((call) => call.path === "/api/v1/bookings");
    expect([asked?.search.get("when"), asked?.search.get("page_size")]).toEqual(["upcoming", "3"]);
  });

  it("tracks a student part way through a course", async () => {
    mockApi({
      "GET /api/v1/me": () => json(makeUser({ display_name: "Mei Lin" })),
      "GET /api/v1/bookings": () => json({ items: [], total: 0, page: 1, page_size: 3 }),
      "GET /api/v1/me/analytics": () => json(analytics()),
      "GET /api/v1/me/learning": () =>
        json(
          learning({
            courses: [
              {
                course_id: "c0000000-0000-4000-8000-000000000001",
                title: "Mechanics from scratch",
                mentor_name: "Amara Okafor",
                progress: { completed: 2, total: 5, percent: 40 },
                next_item: { item_id: "i0000000-0000-4000-8000-000000000003", kind: "question", title: "Units of energy" },
                remaining_minutes: 9,
                enrolled_at: "2026-11-30T10:00:00Z",
                certificate_code: null,
              },
            ],
            totals: { items_marked: 1, questions_solved: 1, attempts: 3, certificates: 0 },
          }),
        ),
    });
    renderWithProviders(<AppRoutes />, { route: "/profile" });
    const bar = await screen.findByRole("progressbar", { name: "Progress in Mechanics from scratch" });
    expect(bar).toHaveAttribute("aria-valuenow", "2");
    expect(screen.queryByText("Nothing to track yet")).not.toBeInTheDocument();
    expect(screen.getByText("Questions solved").nextElementSibling).toHaveTextContent("1");
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
