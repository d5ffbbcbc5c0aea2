import { describe, expect, it } from "vitest";
import { chapterAt, chapterDrafts, checkChapters, formatClock, parseClock, startFromHash } from "./media-time";

describe("video times", () => {
  it("formats and parses clock times", () => {
    expect(formatClock(7)).toBe("0:07");
    expect(formatClock(754.9)).toBe("12:34");
    expect(formatClock(3723)).toBe("1:02:03");
    expect(parseClock("75")).toBe(75);
    expect(parseClock(" 1:15 ")).toBe(75);
    expect(parseClock("1:02:03")).toBe(3723);
    expect(parseClock("1:75")).toBeNull();
    expect(parseClock("abc")).toBeNull();
    expect(parseClock("")).toBeNull();
  });

  it("reads the start from #t= links", () => {
    expect(startFromHash("#t=123")).toBe(123);
    expect(startFromHash("#t=12.5")).toBe(12.5);
    expect(startFromHash("#t=2:03")).toBe(123);
    expect(startFromHash("#t=1m30s")).toBe(90);
    expect(startFromHash("#x=1&t=40")).toBe(40);
    expect(startFromHash("#t=10,20")).toBe(10);
    expect(startFromHash("#top")).toBeNull();
    expect(startFromHash("")).toBeNull();
  });

  it("checks chapters like the server and sorts them", () => {
    const ok = checkChapters(
      [
        { time: "2:00", title: "Second" },
        { time: "0:00", title: " Intro " },
      ],
      300,
    );
    expect(ok).toEqual({ chapters: [{ start: 0, title: "Intro" }, { start: 120, title: "Second" }], problems: {} });

    const bad = checkChapters(
      [
        { time: "1:00", title: "A" },
        { time: "60", title: "Same start" },
        { time: "6:00", title: "Past the end" },
        { time: "1:x", title: "Typo" },
        { time: "2:00", title: "   " },
        { time: "3:00", title: "x".repeat(121) },
      ],
      300,
    );
    expect(bad.chapters).toBeNull();
    expect(bad.problems).toEqual({
      1: "Another chapter already starts at 1:00.",
      2: "The video is only 5:00 long.",
      3: "Write the time as m:ss, e.g. 4:05.",
      4: "Give the chapter a title.",
      5: "Use at most 120 characters.",
    });
  });

  it("finds the chapter playing and round-trips drafts", () => {
    const chapters = [{ start: 0, title: "A" }, { start: 60, title: "B" }, { start: 120, title: "C" }];
    expect(chapterAt(chapters, 0)).toBe(0);
    expect(chapterAt(chapters, 90)).toBe(1);
    expect(chapterAt(chapters, 500)).toBe(2);
    expect(chapterAt([{ start: 10, title: "late" }], 5)).toBe(-1);
    expect(checkChapters(chapterDrafts(chapters), 200).chapters).toEqual(chapters);
  });
});
