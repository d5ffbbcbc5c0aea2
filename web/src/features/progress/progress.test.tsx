import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Achievement, Board, MyLeague, Progress } from "../../api/gamification";
import { AppRoutes } from "../../app/routes";
import { FakeWebSocket } from "../../test/fake-websocket";
import { json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { learnerItem, NOTE_ID, topicItems } from "../../test/learning-fixtures";
import { catalog } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";

const ME = makeUser({ display_name: "Sam Taylor" });
const MENTOR_ID = "70000000-0000-4000-8000-000000000001";
const LEAGUE_ID = "70000000-0000-4000-8000-0000000000aa";

beforeAll(async () => {
  await Promise.all([import("./LeaderboardsPage"), import("../learn/LearnItemPage"), import("../content/ContentView")]);
}, 60_000);

function progress(overrides: Partial<Progress> = {}): Progress {
  return {
    total_xp: 140,
    level: { level: 2, floor: 100, next_at: 300 },
    streak: 4,
    longest_streak: 9,
    freezes: 1,
    daily_goal: 20,
    today_xp: 15,
    today: "2026-12-07",
    hidden: false,
    tier: 2,
    tier_name: "silver",
    league: null,
    achievements: 1,
    ...overrides,
  };
}

function rank(n: number, name: string, xp: number, id = `71000000-0000-4000-8000-0000000000${String(n).padStart(2, "0")}`) {
  return { rank: n, user_id: id, display_name: name, xp, total_xp: xp * 3 };
}

const me = rank(2, "Sam Taylor", 140, ME.id);
const league: MyLeague = {
  channel: `leaderboard:league-${LEAGUE_ID}`,
  league: {
    league_id: LEAGUE_ID,
    week_start: "2026-12-07",
    closes_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    tier: 2,
    tier_name: "silver",
    size: 12,
    promoted: 2,
    demoted: 2,
    items: [rank(1, "Mei Lin", 200), me, ...Array.from({ length: 10 }, (_, i) => rank(i + 3, `Learner ${i + 3}`, 100 - i * 5))],
    me,
  },
};

function board(xp: number): Board {
  return { items: [rank(1, "Mei Lin", xp), { ...me, xp: 25 }], total: 2, page: 1, page_size: 25, me: { ...me, xp: 25 } };
}

const achievements: Achievement[] = [
  { code: "first_correct", title: "Right first time", description: "Answer a question correctly.", icon: "check", unlocked_at: "2026-12-06T10:00:00Z" },
  { code: "streak_7", title: "Week on fire", description: "Keep a 7-day streak.", icon: "flame", unlocked_at: null },
];

function routes(state: { progress: Progress; boardXp: number }): Call[] {
  return mockApi({
    "GET /api/v1/me": () => json(ME),
    "GET /api/v1/notifications": () => json({ items: [], total: 0, page: 1, page_size: 8, unread: 0 }),
    "GET /api/v1/me/progress": () => json(state.progress),
    "PATCH /api/v1/me/progress/settings": (call) => {
      state.progress = { ...state.progress, ...(call.body as Partial<Progress>) };
      return json(state.progress);
    },
    "GET /api/v1/me/progress/achievements": () => json(achievements),
    "GET /api/v1/gamification/leagues/mine": () => json(league),
    "GET /api/v1/gamification/boards": () => json([{ kind: "mentor", id: MENTOR_ID, name: "Amara Okafor", xp: 25 }]),
    [`GET /api/v1/gamification/boards/mentors/${MENTOR_ID}`]: () => json(board(state.boardXp)),
    [`GET /api/v1/users/${rank(1, "Mei Lin", 0).user_id}/achievements`]: () => json(achievements),
  });
}

describe("the leaderboards page", { timeout: 20_000 }, () => {
  it("shows my level, streak, league zones, a mentor's board and my achievements", async () => {
    routes({ progress: progress(), boardXp: 60 });
    renderWithProviders(<AppRoutes />, { route: "/leaderboards" });

    expect(await screen.findByRole("heading", { name: "Silver league" }, { timeout: 8_000 })).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Today's goal" })).toHaveAttribute("aria-valuenow", "75");
    expect(screen.getByRole("progressbar", { name: "Level 3" })).toHaveAttribute("aria-valuetext", "140 / 300 XP");
    const standings = screen.getByRole("list", { name: "League standings" });
    const rows = within(standings).getAllByRole("listitem");
    expect(rows).toHaveLength(12);
    expect(rows[1]).toHaveAttribute("aria-current", "true");
    expect(within(rows[0]!).getByText("promotion zone")).toBeInTheDocument();
    expect(within(rows[11]!).getByText("demotion zone")).toBeInTheDocument();
    expect(screen.getByText("#2 of 12")).toBeInTheDocument();

    const students = await screen.findByRole("list", { name: "Amara Okafor's students this week" });
    expect(within(students).getAllByRole("listitem").map((row) => row.textContent)).toEqual(["1Mei Lin: show badges60 XP", "2Sam Taylor(you): show badges25 XP"]);
    // A learner's name opens their badges: the unlocked ones.
    const mei = within(students).getByRole("button", { name: "Mei Lin: show badges" });
    await userEvent.click(mei);
    expect(mei).toHaveAttribute("aria-expanded", "true");
    const meiBadges = await within(students).findByRole("list", { name: "Mei Lin's badges" });
    expect(within(meiBadges).getByText("Right first time")).toBeInTheDocument();
    expect(within(meiBadges).queryByText("Week on fire")).not.toBeInTheDocument();
    const badges = screen.getByRole("list", { name: "Achievements" });
    expect(within(badges).getByText("Right first time")).toBeInTheDocument();
    expect(within(badges).getByText("Locked")).toBeInTheDocument();
  });

  it("saves the daily goal and the hide-me choice", async () => {
    const calls = routes({ progress: progress(), boardXp: 60 });
    renderWithProviders(<AppRoutes />, { route: "/leaderboards" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("radio", { name: /Intense/ }));
    await waitFor(() => expect(screen.getByRole("radio", { name: /Intense/ })).toBeChecked());
    await user.click(screen.getByRole("checkbox", { name: /Hide me from public leaderboards/ }));
    await waitFor(() => expect(screen.getByRole("checkbox", { name: /Hide me/ })).toBeChecked());
    const patches = calls.filter((call) => call.method === "PATCH").map((call) => call.body);
    expect(patches).toEqual([{ daily_goal: 50 }, { hidden: true }]);
    expect(screen.getByRole("progressbar", { name: "Today's goal" })).toHaveAttribute("aria-valuetext", "15 / 50 XP");
  });

  it("moves my XP and shows the board I just joined when my channel says I earned XP", async () => {
    const state = { progress: progress({ total_xp: 0, today_xp: 0 }), boardXp: 60 };
    const calls = routes(state);
    renderWithProviders(<AppRoutes />, { route: "/leaderboards" });
    expect(await screen.findByRole("progressbar", { name: "Today's goal" })).toHaveAttribute("aria-valuetext", "0 / 20 XP");
    const socket = FakeWebSocket.latest();
    act(() => socket.open());
    await waitFor(() => expect(socket.frames()).toEqual(expect.arrayContaining([{ type: "subscribe", channel: `user:${ME.id}` }])));
    const boardsAsked = calls.filter((call) => call.path === "/api/v1/gamification/boards").length;
    state.progress = progress({ total_xp: 10, today_xp: 10 });
    act(() => socket.receive({ type: "message", channel: `user:${ME.id}`, data: { type: "progress", total_xp: 10, amount: 10 } }));
    await waitFor(() => expect(screen.getByRole("progressbar", { name: "Today's goal" })).toHaveAttribute("aria-valuetext", "10 / 20 XP"));
    await waitFor(() => expect(calls.filter((call) => call.path === "/api/v1/gamification/boards").length).toBeGreaterThan(boardsAsked));
  });

  it("re-fetches a board when its live channel says it changed", async () => {
    const state = { progress: progress(), boardXp: 60 };
    routes(state);
    renderWithProviders(<AppRoutes />, { route: "/leaderboards" });
    await screen.findByRole("list", { name: "Amara Okafor's students this week" });
    const socket = FakeWebSocket.latest();
    act(() => socket.open());
    await waitFor(() =>
      expect(socket.frames()).toEqual(
        expect.arrayContaining([
          { type: "subscribe", channel: `leaderboard:league-${LEAGUE_ID}` },
          { type: "subscribe", channel: `leaderboard:mentor-${MENTOR_ID}` },
        ]),
      ),
    );
    state.boardXp = 95;
    act(() => socket.receive({ type: "message", channel: `leaderboard:mentor-${MENTOR_ID}`, data: { type: "leaderboard", board: "mentor" } }));
    const students = screen.getByRole("list", { name: "Amara Okafor's students this week" });
    await waitFor(() => expect(within(students).getAllByRole("listitem")[0]).toHaveTextContent("95 XP"));
  });
});

/** An IntersectionObserver that reports its targets on screen as soon as they are observed. */
class OnScreen {
  constructor(private readonly callback: IntersectionObserverCallback) {}
  observe(target: Element) {
    queueMicrotask(() => this.callback([{ isIntersecting: true, target } as IntersectionObserverEntry], this as unknown as IntersectionObserver));
  }
  disconnect() {}
  unobserve() {}
  takeRecords() {
    return [];
  }
}

describe("reading a note to its end", { timeout: 20_000 }, () => {
  it("tells the server once when the end of the note comes into view", async () => {
    vi.stubGlobal("IntersectionObserver", OnScreen);
    const calls = mockApi({
      "GET /api/v1/me": () => json(ME),
      "GET /api/v1/notifications": () => json({ items: [], total: 0, page: 1, page_size: 8, unread: 0 }),
      "GET /api/v1/catalog": () => json(catalog),
      [`GET /api/v1/content/${NOTE_ID}`]: () => json(learnerItem()),
      "GET /api/v1/topics/newtons-laws/content": () => json({ items: topicItems, total: topicItems.length, page: 1, page_size: 100, topic: catalog.subjects[0]?.chapters[0]?.topics[1] }),
      "GET /api/v1/forum/threads": () => json({ items: [], total: 0, page: 1, page_size: 5 }),
      [`POST /api/v1/content/${NOTE_ID}/read`]: () => json({ first_time: true }),
      // Study time is counted on the same page (features/analytics).
      "POST /api/v1/study/heartbeats": () => json({ credited_seconds: 0, day: "2026-12-07" }),
    });
    renderWithProviders(<AppRoutes />, { route: `/learn/physics/newtons-laws/${NOTE_ID}` });
    expect(await screen.findByRole("heading", { level: 2, name: "Force and acceleration" })).toBeInTheDocument();
    const reads = () => calls.filter((call) => call.method === "POST" && call.path.endsWith("/read")).map((call) => call.path);
    await waitFor(() => expect(reads()).toEqual([`/api/v1/content/${NOTE_ID}/read`]));
    vi.unstubAllGlobals();
  });
});
