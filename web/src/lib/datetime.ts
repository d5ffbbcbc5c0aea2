/**
 * Calendar dates ("YYYY-MM-DD"), wall-clock times ("HH:MM") and instants in named time zones,
 * with the standard library only. Dates are plain strings so they never shift with the zone the
 * code happens to run in.
 */
import { browserTimezone } from "./timezones";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isIsoDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isClockTime(value: string): boolean {
  return TIME.test(value);
}

/** Minutes since midnight of an "HH:MM" time; `endOfDay` reads 00:00 as 24:00. */
export function clockMinutes(value: string, endOfDay = false): number {
  const match = TIME.exec(value);
  if (!match) return Number.NaN;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return endOfDay && minutes === 0 ? 24 * 60 : minutes;
}

export function minutesToClock(minutes: number): string {
  const clamped = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(clamped / 60)).padStart(2, "0")}:${String(clamped % 60).padStart(2, "0")}`;
}

function utcDate(isoDate: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

function formatIsoDate(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
}

export function addDays(isoDate: string, days: number): string {
  const date = utcDate(isoDate);
  date.setUTCDate(date.getUTCDate() + days);
  return formatIsoDate(date);
}

/** 0 = Monday .. 6 = Sunday, as the availability API counts. */
export function weekdayOf(isoDate: string): number {
  return (utcDate(isoDate).getUTCDay() + 6) % 7;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: number, zone: string): WallClock {
  let format = partFormatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    partFormatters.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
  };
}

/** The date ("YYYY-MM-DD") and the minutes since midnight that a zone's clocks show at an instant. */
export function wallTimeIn(instant: number, zone: string): { date: string; minutes: number } {
  const wall = wallClock(instant, zone);
  return {
    date: `${wall.year}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`,
    minutes: wall.hour * 60 + wall.minute,
  };
}

/** The zone's offset from UTC at an instant, in minutes (east positive: Kolkata is +330). */
export function offsetMinutes(instant: number, zone: string): number {
  const wall = wallClock(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, "0")}:${String(absolute % 60).padStart(2, "0")}`;
}

/**
 * A wall-clock date and time in a zone as ISO 8601 with that zone's offset, e.g. 09:00 on
 * 2026-03-24 in America/New_York -> "2026-03-24T09:00:00-04:00". A time skipped by a
 * daylight-saving jump resolves to the same moment as the clock shows after the jump.
 */
export function zonedIso(isoDate: string, clock: string, zone: string = browserTimezone()): string {
  const [hour, minute] = clock.split(":").map(Number) as [number, number];
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = offsetMinutes(guess, zone);
  const candidates = [...new Set([first, offsetMinutes(guess - first * 60_000, zone)])];
  // Offsets under which this wall time really occurs; the earliest instant wins when the
  // clocks go back (the first pass). None means the clocks skipped it: use the offset from
  // before the jump (the smaller one), which lands as far past the jump as the time was into it.
  const valid = candidates.filter((offset) => offsetMinutes(guess - offset * 60_000, zone) === offset);
  const offset = valid.length ? Math.max(...valid) : Math.min(...candidates);
  const instant = guess - offset * 60_000;
  const wall = wallClock(instant, zone);
  const date = `${wall.year}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
  const time = `${String(wall.hour).padStart(2, "0")}:${String(wall.minute).padStart(2, "0")}`;
  return `${date}T${time}:00${formatOffset(offsetMinutes(instant, zone))}`;
}

/** Today's date in a zone, as "YYYY-MM-DD". */
export function todayIn(zone: string = browserTimezone(), now: Date = new Date()): string {
  const wall = wallClock(now.getTime(), zone);
  return `${wall.year}-${String(wall.month).padStart(2, "0")}-${String(wall.day).padStart(2, "0")}`;
}

// One formatter per options and zone: lists format a time per row, and building a formatter
// (locale and zone data) costs far more than formatting with one.
const displayFormats = new Map<string, Intl.DateTimeFormat>();

function displayFormat(options: Intl.DateTimeFormatOptions, zone: string | undefined): Intl.DateTimeFormat {
  const key = `${zone ?? ""}|${JSON.stringify(options)}`;
  let format = displayFormats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat(undefined, options); // an unknown zone: the browser's own
    }
    displayFormats.set(key, format);
  }
  return format;
}

function safeFormat(options: Intl.DateTimeFormatOptions, zone: string | undefined, value: Date): string {
  return displayFormat(options, zone).format(value);
}

/** "14:30" (or "2:30 PM", by locale or by the `clock` asked for) of an instant, in a zone. */
export function formatClock(iso: string, zone: string = browserTimezone(), clock?: "12h" | "24h"): string {
  if (!clock) return safeFormat({ hour: "2-digit", minute: "2-digit" }, zone, new Date(iso));
  const options: Intl.DateTimeFormatOptions =
    clock === "12h" ? { hour: "numeric", minute: "2-digit", hourCycle: "h12" } : { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
  return safeFormat(options, zone, new Date(iso));
}

/** "Tue 14:30" of an instant, in a zone. */
export function formatWeekdayClock(iso: string, zone: string = browserTimezone()): string {
  return safeFormat({ weekday: "short", hour: "2-digit", minute: "2-digit" }, zone, new Date(iso));
}

/** "Tue 24 Mar 14:30": weekday and time when it's within a week, the date too otherwise. */
export function formatNextAvailable(iso: string, zone: string = browserTimezone(), now: Date = new Date()): string {
  const days = (new Date(iso).getTime() - now.getTime()) / 86_400_000;
  if (days < 6) return formatWeekdayClock(iso, zone);
  return safeFormat({ weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }, zone, new Date(iso));
}

/** Parts of a calendar date for headings: "Tue", "24 Mar", "Tuesday 24 March". */
export function calendarDay(isoDate: string): { weekday: string; short: string; long: string } {
  const date = utcDate(isoDate);
  return {
    weekday: safeFormat({ weekday: "short" }, "UTC", date),
    short: safeFormat({ day: "numeric", month: "short" }, "UTC", date),
    long: safeFormat({ weekday: "long", day: "numeric", month: "long" }, "UTC", date),
  };
}

/** "24–30 Mar 2026" style label of a date range. */
export function formatDateRange(first: string, last: string): string {
  const start = utcDate(first);
  const end = utcDate(last);
  try {
    return displayFormat({ day: "numeric", month: "short", year: "numeric" }, "UTC").formatRange(start, end);
  } catch {
    return `${safeFormat({ day: "numeric", month: "short" }, "UTC", start)} – ${safeFormat({ day: "numeric", month: "short", year: "numeric" }, "UTC", end)}`;
  }
}
