/**
 * The mentor's week as blocks on a Monday-to-Sunday grid in the zone they read it in: weekly
 * hours (kept in the availability's own zone, date exceptions replacing a day's hours) and booked
 * sessions are both turned into instants first, then cut at each local midnight, so a block
 * lands where the wall clock shows it, across daylight-saving changes and zone differences.
 */
import type { BookedSession } from "../../api/bookings";
import type { Availability } from "../../api/types";
import { addDays, clockMinutes, wallTimeIn, weekdayOf, zonedIso } from "../../lib/datetime";

const DAY = 24 * 60;

export interface Interval {
  start: number;
  end: number;
}

/** A piece of an interval within one day of the week, in minutes since that day's midnight. */
export interface DayBlock<T> {
  date: string;
  top: number;
  bottom: number;
  /** Where the whole interval starts and ends (it may run on into the next day). */
  interval: Interval;
  item: T;
}

/** The Monday of the week `date` (YYYY-MM-DD) falls in. */
export function mondayOf(date: string): string {
  return addDays(date, -weekdayOf(date));
}

export function weekDates(monday: string): string[] {
  return Array.from({ length: 7 }, (_, index) => addDays(monday, index));
}

/** Local midnight of `date` in `zone`, as an instant. */
export function midnight(date: string, zone: string): number {
  return new Date(zonedIso(date, "00:00", zone)).getTime();
}

/** The instants the week covers in `zone`: from Monday's midnight to the next Monday's. */
export function weekRange(monday: string, zone: string): Interval {
  return { start: midnight(monday, zone), end: midnight(addDays(monday, 7), zone) };
}

/**
 * The bookable hours around a week, as instants: each date's exception if it has one, else its
 * weekday's hours, read in the availability's zone. A day either side is included, so hours that
 * fall into the week only in another zone are there too.
 */
export function availabilityIntervals(availability: Availability, monday: string): Interval[] {
  const zone = availability.timezone;
  const overrides = new Map(availability.overrides.map((override) => [override.day, override.windows ?? []]));
  const found: Interval[] = [];
  for (let offset = -1; offset <= 7; offset++) {
    const date = addDays(monday, offset);
    const windows = overrides.get(date) ?? availability.weekly.filter((window) => window.weekday === weekdayOf(date));
    for (const window of windows) {
      // "00:00" as an end is the midnight closing the day.
      const endDate = clockMinutes(window.end, true) === DAY ? addDays(date, 1) : date;
      const start = new Date(zonedIso(date, window.start, zone)).getTime();
      const end = new Date(zonedIso(endDate, window.end, zone)).getTime();
      if (end > start) found.push({ start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Each interval cut into its pieces per day of the week in `zone`, top and bottom as wall-clock minutes. */
export function dayBlocks<T>(items: Array<{ interval: Interval; item: T }>, monday: string, zone: string): Array<DayBlock<T>> {
  const blocks: Array<DayBlock<T>> = [];
  for (const date of weekDates(monday)) {
    const dayStart = midnight(date, zone);
    const dayEnd = midnight(addDays(date, 1), zone);
    for (const { interval, item } of items) {
      const start = Math.max(interval.start, dayStart);
      const end = Math.min(interval.end, dayEnd);
      if (end <= start) continue;
      const top = start === dayStart ? 0 : wallTimeIn(start, zone).minutes;
      const bottom = end === dayEnd ? DAY : wallTimeIn(end, zone).minutes;
      // When the clocks go back the wall time repeats: never draw a block upside down.
      blocks.push({ date, top, bottom: Math.max(bottom, top + 15), interval, item });
    }
  }
  return blocks;
}

/** The sessions a calendar shows: those that take (or took) their time; cancelled and lapsed ones don't. */
export const CALENDAR_STATUSES: ReadonlySet<string> = new Set([
  "held",
  "awaiting_payment",
  "confirmed",
  "completed",
  "disputed",
  "no_show_student",
  "no_show_mentor",
]);

export function sessionItems(sessions: BookedSession[]): Array<{ interval: Interval; item: BookedSession }> {
  return sessions
    .filter((session) => CALENDAR_STATUSES.has(session.status))
    .map((session) => ({ interval: { start: new Date(session.starts_at).getTime(), end: new Date(session.ends_at).getTime() }, item: session }));
}

/** The hours the grid shows: working hours at least, widened to whatever the week holds. */
export function visibleHours(blocks: Array<DayBlock<unknown>>, first = 8, last = 18): { first: number; last: number } {
  let from = first * 60;
  let to = last * 60;
  for (const block of blocks) {
    from = Math.min(from, block.top);
    to = Math.max(to, block.bottom);
  }
  return { first: Math.floor(from / 60), last: Math.ceil(to / 60) };
}
