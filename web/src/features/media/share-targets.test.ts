import { describe, expect, it } from "vitest";
import { chatSearchWindow, openChats, type SessionLike } from "./share-targets";

const now = new Date("2026-12-07T18:00:00Z");

function session(id: string, starts: string, ends: string, status = "confirmed"): SessionLike {
  return { id, status, starts_at: starts, ends_at: ends, mentor_name: "Amara", student_name: "Kim" };
}

describe("openChats", () => {
  it("keeps the sessions whose chat takes messages now, latest first", () => {
    const found = openChats(
      [
        session("soon", "2026-12-07T18:10:00Z", "2026-12-07T19:10:00Z"),
        session("later", "2026-12-07T18:20:00Z", "2026-12-07T19:20:00Z"),
        session("yesterday", "2026-12-06T19:00:00Z", "2026-12-06T20:00:00Z", "completed"),
        session("closed", "2026-12-06T16:00:00Z", "2026-12-06T17:00:00Z", "completed"),
        session("cancelled", "2026-12-07T18:05:00Z", "2026-12-07T19:05:00Z", "cancelled"),
      ],
      now,
      (iso) => iso.slice(11, 16),
    );
    expect(found).toEqual([
      { sessionId: "soon", label: "Amara and Kim · 18:10" },
      { sessionId: "yesterday", label: "Amara and Kim · 19:00" },
    ]);
  });

  it("asks for every start time that can still have an open chat", () => {
    const { from, to } = chatSearchWindow(now);
    expect(Date.parse(from)).toBeLessThanOrEqual(Date.parse("2026-12-06T18:00:00Z") - 12 * 3600_000);
    expect(Date.parse(to)).toBeGreaterThan(Date.parse("2026-12-07T18:15:00Z"));
  });
});
