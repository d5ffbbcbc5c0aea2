import { describe, expect, it } from "vitest";
import { calendarSpan, calendarWeeks, intensity } from "./calendar";

describe("streak calendar", () => {
  it("lays out whole Monday-first weeks ending with today's, the rest of it in the future", () => {
    // 2026-12-10 is a Thursday: the last column runs Monday 7th to Sunday 13th.
    const weeks = calendarWeeks([{ day: "2026-12-01", xp: 12, goal_met: false, frozen: false }], "2026-12-10", 3);
    expect(weeks).toHaveLength(3);
    expect(weeks[0]![0]!.day).toBe("2026-11-23");
    expect(weeks[2]!.map((c) => c.day)).toEqual(["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"]);
    expect(weeks[2]!.map((c) => c.future)).toEqual([false, false, false, false, true, true, true]);
    expect(weeks[1]![1]).toMatchObject({ day: "2026-12-01", xp: 12 });
    expect(calendarSpan("2026-12-10", 3)).toBe(4 + 14);
    expect(calendarSpan("2026-12-13", 1)).toBe(7); // a Sunday: the whole week
  });

  it("crosses a daylight-saving change without losing or repeating a day", () => {
    // Europe's clocks go back on 25 October, America's on 1 November (a Sunday: today).
    const days = calendarWeeks([], "2026-11-01", 2).flat().map((c) => c.day);
    expect(new Set(days).size).toBe(14);
    expect(days[0]).toBe("2026-10-19");
    expect(days).toContain("2026-10-25");
    expect(days.at(-1)).toBe("2026-11-01");
  });

  it("shades by the share of the daily goal", () => {
    const cell = (xp: number, goalMet = false) => ({ day: "2026-12-01", xp, goalMet, frozen: false, future: false });
    expect([0, 3, 10, 15, 30].map((xp) => intensity(cell(xp), 20))).toEqual([0, 1, 2, 3, 4]);
    expect(intensity(cell(5, true), 20)).toBe(4);
  });
});
