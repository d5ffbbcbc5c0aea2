import { describe, expect, it } from "vitest";
import { addDays, calendarDay, clockMinutes, isIsoDate, offsetMinutes, todayIn, weekdayOf, zonedIso } from "./datetime";

describe("zonedIso: a local date and time in a zone, with that zone's offset", () => {
  it("uses the offset in force on that day, summer time included", () => {
    expect(zonedIso("2026-01-15", "09:00", "America/New_York")).toBe("2026-01-15T09:00:00-05:00");
    expect(zonedIso("2026-07-15", "09:00", "America/New_York")).toBe("2026-07-15T09:00:00-04:00");
    expect(zonedIso("2026-07-15", "09:00", "Europe/Berlin")).toBe("2026-07-15T09:00:00+02:00");
    expect(zonedIso("2026-12-01", "23:45", "UTC")).toBe("2026-12-01T23:45:00+00:00");
  });

  it("keeps half-hour and negative offsets exact", () => {
    expect(zonedIso("2026-03-24", "14:30", "Asia/Kolkata")).toBe("2026-03-24T14:30:00+05:30");
    expect(zonedIso("2026-03-24", "00:00", "America/St_Johns")).toBe("2026-03-24T00:00:00-02:30");
  });

  it("gets the days around a daylight-saving change right", () => {
    // New York springs forward on 8 March 2026, Berlin on 29 March.
    expect(zonedIso("2026-03-07", "12:00", "America/New_York")).toBe("2026-03-07T12:00:00-05:00");
    expect(zonedIso("2026-03-08", "12:00", "America/New_York")).toBe("2026-03-08T12:00:00-04:00");
    expect(zonedIso("2026-03-29", "01:30", "Europe/Berlin")).toBe("2026-03-29T01:30:00+01:00");
    expect(zonedIso("2026-03-29", "03:30", "Europe/Berlin")).toBe("2026-03-29T03:30:00+02:00");
  });

  it("moves a time that doesn't exist (skipped by the clocks) past the jump", () => {
    const iso = zonedIso("2026-03-08", "02:30", "America/New_York");
    expect(iso).toBe("2026-03-08T03:30:00-04:00");
    expect(new Date(iso).toISOString()).toBe("2026-03-08T07:30:00.000Z");
  });

  it("takes the first pass through a repeated hour when the clocks go back", () => {
    const iso = zonedIso("2026-11-01", "01:30", "America/New_York");
    expect(iso).toBe("2026-11-01T01:30:00-04:00");
    expect(offsetMinutes(new Date(iso).getTime(), "America/New_York")).toBe(-240);
  });
});

describe("calendar helpers", () => {
  it("adds days across months and years without time-zone drift", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("counts weekdays from Monday = 0 like the API", () => {
    expect(weekdayOf("2026-11-30")).toBe(0);
    expect(weekdayOf("2026-12-06")).toBe(6);
  });

  it("reads 00:00 as midnight at the end of the day when asked", () => {
    expect(clockMinutes("00:00")).toBe(0);
    expect(clockMinutes("00:00", true)).toBe(1440);
    expect(clockMinutes("17:45", true)).toBe(1065);
    expect(clockMinutes("25:00")).toBeNaN();
  });

  it("knows today's date in a zone", () => {
    const now = new Date("2026-11-27T23:30:00Z");
    expect(todayIn("Europe/Berlin", now)).toBe("2026-11-28");
    expect(todayIn("America/New_York", now)).toBe("2026-11-27");
  });

  it("validates calendar dates", () => {
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-2-1")).toBe(false);
  });

  it("labels a date without shifting it", () => {
    expect(calendarDay("2026-12-01").weekday).toMatch(/^Tue/);
  });
});
