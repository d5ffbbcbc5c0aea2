import { describe, expect, it } from "vitest";
import type { Availability } from "../../api/types";
import { copyHours, draftFromAvailability, localProblems, mapAvailabilityErrors, nextWindow, toPayload, weeklyHours } from "./availability-form";

const saved: Availability = {
  version: 7,
  timezone: "Europe/Berlin",
  session_lengths: [60, 30],
  buffer_minutes: 15,
  min_notice_minutes: 720,
  horizon_days: 60,
  // Deliberately out of weekday order: the payload order is the editor's, not the server's.
  weekly: [
    { weekday: 2, start: "09:00", end: "12:00" },
    { weekday: 0, start: "09:00", end: "12:00" },
    { weekday: 0, start: "14:00", end: "00:00" },
  ],
  overrides: [
    { day: "2026-12-31", windows: [] },
    { day: "2026-12-24", windows: [{ start: "10:00", end: "12:00" }, { start: "13:00", end: "15:00" }] },
  ],
};

describe("availability draft", () => {
  it("groups weekly windows by weekday and sorts exceptions by date", () => {
    const draft = draftFromAvailability(saved);
    expect(draft.weekly[0]?.map((row) => `${row.start}-${row.end}`)).toEqual(["09:00-12:00", "14:00-00:00"]);
    expect(draft.weekly[2]).toHaveLength(1);
    expect(draft.overrides.map((row) => [row.day, row.mode])).toEqual([
      ["2026-12-24", "custom"],
      ["2026-12-31", "off"],
    ]);
    expect(draft.sessionLengths).toEqual([30, 60]);
    expect(weeklyHours(draft)).toBe(16);
  });

  it("sends the whole document with the version it was read at", () => {
    const { body } = toPayload(draftFromAvailability(saved), saved.version);
    expect(body.version).toBe(7);
    expect(body.weekly).toEqual([
      { weekday: 0, start: "09:00", end: "12:00" },
      { weekday: 0, start: "14:00", end: "00:00" },
      { weekday: 2, start: "09:00", end: "12:00" },
    ]);
    expect(body.overrides?.[1]).toEqual({ day: "2026-12-31", windows: [] });
  });

  it("sends a day off without its old hours", () => {
    const draft = draftFromAvailability(saved);
    const christmasEve = draft.overrides[0];
    if (christmasEve) christmasEve.mode = "off";
    expect(toPayload(draft, 7).body.overrides?.[0]).toEqual({ day: "2026-12-24", windows: [] });
  });
});

describe("mapping the API's field errors onto rows", () => {
  const draft = draftFromAvailability(saved);
  const { layout } = toPayload(draft, 7);
  const monday = draft.weekly[0] ?? [];
  const wednesday = draft.weekly[2] ?? [];
  const eve = draft.overrides[0];
  const newYear = draft.overrides[1];

  it("finds the weekly row behind weekly[i].end", () => {
    const errors = mapAvailabilityErrors({ "weekly[2].end": "Must be later than the start." }, layout, "invalid_availability_window");
    expect(errors.windows[wednesday[0]?.key ?? ""]).toEqual({ end: "Must end after it starts (00:00 means midnight)." });
    expect(Object.keys(errors.windows)).toHaveLength(1);
  });

  it("marks overlapping rows as a whole", () => {
    const errors = mapAvailabilityErrors({ "weekly[1]": "Overlaps weekly[0]." }, layout, "overlapping_availability_windows");
    expect(errors.windows[monday[1]?.key ?? ""]).toEqual({ row: "Overlaps other hours on the same day." });
  });

  it("reaches windows inside date exceptions, and the dates themselves", () => {
    const errors = mapAvailabilityErrors(
      { "overrides[0].windows[1].start": "Use whole minutes.", "overrides[1].day": "Duplicates overrides[0]." },
      layout,
      "invalid_availability_override",
    );
    expect(errors.windows[eve?.windows[1]?.key ?? ""]).toEqual({ start: "Use whole minutes." });
    expect(errors.days[newYear?.key ?? ""]).toBe("Another exception already covers this date.");
  });

  it("puts rule problems on their controls and keeps the rest for a banner", () => {
    const errors = mapAvailabilityErrors(
      { "session_lengths[1]": "Already offered.", buffer_minutes: "Use 0 to 120 minutes.", timezone: "Unknown", something: "Odd." },
      layout,
      "invalid_session_length",
    );
    expect(errors.rules).toEqual({
      session_lengths: "Each length can be offered once.",
      buffer_minutes: "Use 0 to 120 minutes.",
      timezone: "Choose a time zone from the list.",
    });
    expect(errors.general).toEqual(["Odd."]);
  });

  it("ignores positions it never sent", () => {
    expect(mapAvailabilityErrors({ "weekly[9].end": "x" }, layout).general).toEqual(["x"]);
  });
});

describe("checking before saving", () => {
  const body = (weekly: Array<{ weekday: number; start: string; end: string }>, overrides: Array<{ day: string; windows: Array<{ start: string; end: string }> }> = []) => ({
    version: 1,
    timezone: "UTC",
    session_lengths: [60],
    buffer_minutes: 0,
    min_notice_minutes: 0,
    horizon_days: 60,
    weekly,
    overrides,
  });

  it("accepts midnight as an end and touching windows", () => {
    expect(localProblems(body([{ weekday: 0, start: "18:00", end: "00:00" }, { weekday: 0, start: "09:00", end: "18:00" }]))).toBeNull();
  });

  it("names windows that end before they start, in the API's terms", () => {
    expect(localProblems(body([{ weekday: 1, start: "09:00", end: "09:00" }]))).toEqual({ code: "invalid_availability_window", fields: { "weekly[0].end": "end" } });
  });

  it("finds overlaps per day, weekly and in exceptions", () => {
    const found = localProblems(
      body(
        [
          { weekday: 3, start: "09:00", end: "12:00" },
          { weekday: 4, start: "10:00", end: "11:00" },
          { weekday: 3, start: "11:00", end: "13:00" },
        ],
        [{ day: "2026-12-24", windows: [{ start: "10:00", end: "12:00" }, { start: "11:30", end: "12:30" }] }],
      ),
    );
    expect(found?.code).toBe("overlapping_availability_windows");
    expect(Object.keys(found?.fields ?? {}).sort()).toEqual(["overrides[0].windows[1]", "weekly[2]"]);
  });

  it("refuses the same date twice and an empty set of lengths", () => {
    expect(localProblems(body([], [{ day: "2026-12-24", windows: [] }, { day: "2026-12-24", windows: [] }]))?.code).toBe("invalid_availability_override");
    expect(localProblems({ ...body([]), session_lengths: [] })?.code).toBe("invalid_session_length");
  });

  it("suggests sensible hours for a new window", () => {
    expect(nextWindow([])).toMatchObject({ start: "09:00", end: "17:00" });
    expect(nextWindow([{ key: "a", start: "09:00", end: "12:00" }])).toMatchObject({ start: "12:00", end: "13:00" });
    expect(nextWindow([{ key: "a", start: "20:00", end: "23:30" }])).toMatchObject({ start: "23:30", end: "00:00" });
    expect(nextWindow([{ key: "a", start: "18:00", end: "00:00" }])).toMatchObject({ start: "17:00", end: "18:00" });
  });
});

describe("copying hours to other days", () => {
  it("puts the day's windows on each target day instead of theirs, with keys of their own", () => {
    const draft = draftFromAvailability(saved);
    const copied = copyHours(draft, 0, [1, 2, 6]);
    for (const weekday of [1, 2, 6]) {
      expect(copied.weekly[weekday]?.map((row) => `${row.start}-${row.end}`)).toEqual(["09:00-12:00", "14:00-00:00"]);
    }
    const keys = copied.weekly.flat().map((row) => row.key);
    expect(new Set(keys).size).toBe(keys.length);
    // The source and the days not picked are the very same rows.
    expect(copied.weekly[0]).toBe(draft.weekly[0]);
    expect(copied.weekly[3]).toBe(draft.weekly[3]);
    expect(draft.weekly[2]?.map((row) => row.start)).toEqual(["09:00"]);
    const { body } = toPayload(copied, saved.version);
    expect(localProblems(body)).toBeNull();
    expect(weeklyHours(copied)).toBe(4 * 13);
  });

  it("clears the targets when the source day is empty and ignores the source as a target", () => {
    const draft = draftFromAvailability(saved);
    const copied = copyHours(draft, 4, [0, 4]);
    expect(copied.weekly[0]).toEqual([]);
    expect(copied.weekly[4]).toBe(draft.weekly[4]);
    expect(copyHours(draft, 0, [0]).weekly).toEqual(draft.weekly);
  });
});
