import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it } from "vitest";
import type { BookedSession } from "../../api/bookings";
import type { Availability } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { calendarDay, formatClock, formatDateRange } from "../../lib/datetime";
import { clockStyle } from "../../lib/viewer-zone";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { MENTOR_ID } from "../../test/marketplace-fixtures";
import { renderWithProviders } from "../../test/render";
import { availabilityIntervals, dayBlocks, mondayOf, weekRange } from "./calendar-week";
import { bookedSession } from "../../test/booking-fixtures";

const ZONE = "Europe/Berlin";
const mentor = makeUser({ id: MENTOR_ID, role: "mentor", display_name: "Amara Okafor", timezone: ZONE });
// The week Berlin moves its clocks forward (Sunday 29 March 2026, 02:00 -> 03:00).
const MONDAY = "2026-03-23";

const availability: Availability = {
  version: 2,
  timezone: ZONE,
  session_lengths: [60],
  buffer_minutes: 0,
  min_notice_minutes: 0,
  horizon_days: 60,
  weekly: [
    { weekday: 0, start: "09:00", end: "12:00" },
    { weekday: 2, start: "14:00", end: "16:00" },
    { weekday: 6, start: "01:00", end: "04:00" },
  ],
  overrides: [{ day: "2026-03-25", windows: [] }],
};

function session(id: string, startsAt: string, minutes: number, status: string, studentName: string): BookedSession {
  const start = new Date(startsAt);
  return bookedSession({
    start,
    minutes,
    id,
    status,
    student_name: studentName,
    paid: status === "awaiting_payment" ? 0 : 4000,
    free_cancellation_until: start.toISOString(),
  });
}

const CONFIRMED = "60000000-0000-4000-8000-000000000001";
const week = [
  session("60000000-0000-4000-8000-000000000004", "2026-03-23T09:00:00+01:00", 60, "completed", "Ada Byron"),
  session(CONFIRMED, "2026-03-24T10:00:00+01:00", 60, "confirmed", "Mei Lin"),
  session("60000000-0000-4000-8000-000000000002", "2026-03-26T15:00:00+01:00", 30, "awaiting_payment", "Kenji Sato"),
  session("60000000-0000-4000-8000-000000000003", "2026-03-27T15:00:00+01:00", 60, "cancelled", "Lee Park"),
];

function routes(extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/mentor/availability": () => json(availability),
    "GET /api/v1/bookings": (call) => json({ items: call.search.get("from") === "2026-03-22T23:00:00.000Z" ? week : [], total: call.search.get("from") === "2026-03-22T23:00:00.000Z" ? week.length : 0, page: 1, page_size: 100 }),
    ...extra,
  });
}

// Compile the lazy page before the first test's clock starts, and let a busy machine take its
// time over rendering the whole app.
beforeAll(async () => {
  configure({ asyncUtilTimeout: 10_000 });
  await import("./MentorCalendarPage");
}, 60_000);

const range = (start: string, end: string) => `${formatClock(start, ZONE, clockStyle())}–${formatClock(end, ZONE, clockStyle())}`;
const listCalls = (calls: Call[]) => calls.filter((call) => call.path === "/api/v1/bookings");

describe("the week's blocks", () => {
  it("cuts hours at local midnights and keeps wall-clock times across the clock change", () => {
    const blocks = dayBlocks(availabilityIntervals(availability, MONDAY).map((interval) => ({ interval, item: null })), MONDAY, ZONE);
    expect(blocks.map(({ date, top, bottom }) => [date, top, bottom])).toEqual([
      ["2026-03-23", 9 * 60, 12 * 60],
      // Wednesday's hours are replaced by a day off.
      ["2026-03-29", 60, 4 * 60],
    ]);
    // 01:00 to 04:00 on the night the clocks jump is two hours long.
    const sunday = blocks[1];
    expect(sunday && sunday.interval.end - sunday.interval.start).toBe(2 * 3_600_000);
  });

  it("shows hours kept in another zone where they fall in the viewer's, split at midnight", () => {
    const tokyo: Availability = { ...availability, timezone: "Asia/Tokyo", weekly: [{ weekday: 0, start: "07:00", end: "09:00" }], overrides: [] };
    const blocksOf = (monday: string) =>
      dayBlocks(availabilityIntervals(tokyo, monday).map((interval) => ({ interval, item: null })), monday, ZONE).map(({ date, top, bottom }) => [date, top, bottom]);
    // Monday 07:00-09:00 in Tokyo is Sunday 23:00 to Monday 01:00 in Berlin's winter time.
    expect(blocksOf("2026-03-16")).toEqual([
      ["2026-03-16", 0, 60],
      ["2026-03-22", 23 * 60, 24 * 60],
    ]);
    // Once Berlin is on summer time, the next Monday's hours start at its midnight: Sunday has none.
    expect(blocksOf(MONDAY)).toEqual([["2026-03-23", 0, 60]]);
  });

  it("spans a week from Monday's midnight to the next, 167 hours when the clocks go forward", () => {
    expect(mondayOf("2026-03-29")).toBe(MONDAY);
    expect(mondayOf(MONDAY)).toBe(MONDAY);
    const { start, end } = weekRange(MONDAY, ZONE);
    expect(new Date(start).toISOString()).toBe("2026-03-22T23:00:00.000Z");
    expect((end - start) / 3_600_000).toBe(167);
  });
});

describe("the mentor's calendar", { timeout: 30_000 }, () => {
  it("shows open hours and booked sessions together, with status in words and a link to each", async () => {
    const calls = routes();
    renderWithProviders(<AppRoutes />, { route: `/mentor/calendar?week=2026-03-26` });
    expect(await screen.findByRole("heading", { name: formatDateRange(MONDAY, "2026-03-29") })).toBeInTheDocument();
    const grid = await screen.findByTestId("week-grid");
    const tuesday = within(grid).getByRole("list", { name: calendarDay("2026-03-24").long });
    const link = await within(tuesday).findByRole("link", { name: /^Confirmed: 60 minutes with Mei Lin/ });
    expect(link).toHaveAttribute("href", `/sessions/${CONFIRMED}`);
    expect(link).toHaveTextContent("Mei Lin");
    expect(link).toHaveTextContent("Confirmed");

    const monday = within(grid).getByRole("list", { name: calendarDay(MONDAY).long });
    expect(within(monday).getByText(range("2026-03-23T09:00:00+01:00", "2026-03-23T12:00:00+01:00"))).toBeInTheDocument();
    expect(within(monday).getByRole("link", { name: /^Completed: 60 minutes with Ada Byron/ })).toBeInTheDocument();
    const thursday = within(grid).getByRole("list", { name: calendarDay("2026-03-26").long });
    expect(within(thursday).getByRole("link", { name: /^Awaiting payment: 30 minutes with Kenji Sato/ })).toBeInTheDocument();
    // A cancelled session no longer takes its time.
    expect(screen.queryByText("Lee Park")).not.toBeInTheDocument();

    // At phone width the same week is a list of days.
    const days = screen.getByTestId("day-list");
    expect(within(days).getByRole("link", { name: /^Confirmed: 60 minutes with Mei Lin/ })).toHaveAttribute("href", `/sessions/${CONFIRMED}`);
    expect(within(days).getByRole("list", { name: calendarDay("2026-03-29").long })).toHaveTextContent("Open for booking");

    const [list] = listCalls(calls);
    expect(list?.search.get("when")).toBe("all");
    expect(list?.search.get("from")).toBe("2026-03-22T23:00:00.000Z");
    expect(list?.search.get("to")).toBe("2026-03-29T22:00:00.000Z");
    expect(screen.getByText(/^Times in Europe\/Berlin/)).toBeInTheDocument();
  });

  it("moves a week at a time and back to today", async () => {
    const calls = routes();
    renderWithProviders(<AppRoutes />, { route: `/mentor/calendar?week=${MONDAY}` });
    await screen.findByTestId("week-grid");
    await userEvent.click(screen.getByRole("button", { name: "Next week" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/mentor/calendar?week=2026-03-30"));
    expect(await screen.findByRole("heading", { name: formatDateRange("2026-03-30", "2026-04-05") })).toBeInTheDocument();
    await waitFor(() => expect(listCalls(calls).at(-1)?.search.get("from")).toBe("2026-03-29T22:00:00.000Z"));
    await userEvent.click(screen.getByRole("button", { name: "Previous week" }));
    await userEvent.click(screen.getByRole("button", { name: "Previous week" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/mentor/calendar?week=2026-03-16"));
    await userEvent.click(screen.getByRole("button", { name: "Today" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/mentor\/calendar$/));
    expect(screen.getByRole("button", { name: "Today" })).toBeDisabled();
  });

  it("says so when a week has nothing open or booked", async () => {
    routes({ "GET /api/v1/mentor/availability": () => json({ ...availability, weekly: [], overrides: [] }) });
    renderWithProviders(<AppRoutes />, { route: "/mentor/calendar?week=2026-03-30" });
    expect(await screen.findByText(/Nothing open or booked this week/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Add weekly hours" })).toHaveAttribute("href", "/mentor/availability");
  });

  it("explains a failed load and tries again", async () => {
    let fail = true;
    routes({ "GET /api/v1/bookings": () => (fail ? apiError(500, "internal_error") : json({ items: week, total: week.length, page: 1, page_size: 100 })) });
    renderWithProviders(<AppRoutes />, { route: `/mentor/calendar?week=${MONDAY}` });
    expect(await screen.findByText("We couldn't load this week's sessions")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await within(await screen.findByTestId("week-grid")).findByRole("link", { name: /Mei Lin/ })).toBeInTheDocument();
  });

  it("reads every page of a busy week", async () => {
    const many = Array.from({ length: 130 }, (_, index) =>
      session(`61000000-0000-4000-8000-${String(index).padStart(12, "0")}`, new Date(Date.UTC(2026, 2, 23, 6) + index * 3_600_000).toISOString(), 30, "confirmed", `Student ${index}`),
    );
    const calls = routes({
      "GET /api/v1/bookings": (call) => {
        const page = Number(call.search.get("page"));
        const size = Number(call.search.get("page_size"));
        return json({ items: many.slice((page - 1) * size, page * size), total: many.length, page, page_size: size });
      },
    });
    renderWithProviders(<AppRoutes />, { route: `/mentor/calendar?week=${MONDAY}` });
    const days = await screen.findByTestId("day-list");
    expect(await within(days).findByRole("link", { name: /with Student 129,/ })).toBeInTheDocument();
    expect(listCalls(calls).map((call) => call.search.get("page"))).toEqual(["1", "2"]);
  });
});
