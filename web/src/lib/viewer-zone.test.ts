import { afterEach, describe, expect, it } from "vitest";
import { formatClock } from "./datetime";
import { browserTimezone } from "./timezones";
import { CLOCK_STORAGE_KEY, clockStyle, viewerZone, ZONE_STORAGE_KEY } from "./viewer-zone";

describe("the zone times are shown in", () => {
  afterEach(() => localStorage.clear());

  it("is the account's zone for a signed-in person, whatever this browser stored", () => {
    localStorage.setItem(ZONE_STORAGE_KEY, "Asia/Tokyo");
    expect(viewerZone({ timezone: "Pacific/Chatham" })).toEqual({ zone: "Pacific/Chatham", source: "account" });
  });

  it("is a visitor's stored pick, else the browser's; an unknown stored zone is ignored", () => {
    expect(viewerZone(null)).toEqual({ zone: browserTimezone(), source: "browser" });
    localStorage.setItem(ZONE_STORAGE_KEY, "Asia/Tokyo");
    expect(viewerZone(null)).toEqual({ zone: "Asia/Tokyo", source: "chosen" });
    localStorage.setItem(ZONE_STORAGE_KEY, "Mars/Olympus");
    expect(viewerZone(null)).toEqual({ zone: browserTimezone(), source: "browser" });
  });

  it("uses the stored clock style and formats times by it", () => {
    localStorage.setItem(CLOCK_STORAGE_KEY, "12h");
    expect(clockStyle()).toBe("12h");
    localStorage.setItem(CLOCK_STORAGE_KEY, "24h");
    expect(clockStyle()).toBe("24h");
    const iso = "2026-03-24T21:05:00Z";
    expect(formatClock(iso, "UTC", "24h")).toMatch(/^21[:.]05$/);
    expect(formatClock(iso, "UTC", "12h")).toMatch(/^9[:.]05\s?(PM|pm|p\.m\.)$/);
    expect(formatClock(iso, "Asia/Kolkata", "24h")).toMatch(/^02[:.]35$/);
  });
});
