import type { StreakDay } from "../../api/gamification";

/** One square of the streak calendar: a local day of the learner's, with what happened on it. */
export interface CalendarCell {
  day: string; // YYYY-MM-DD
  xp: number;
  goalMet: boolean;
  frozen: boolean;
  future: boolean; // after today: drawn empty, to keep the week's column whole
}

const DAY_MS = 86_400_000;

// Plain dates are counted as UTC midnights: no zone of the browser's can shift them.
function toTime(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function toDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Weeks (Monday first, oldest first) ending with the week of `today`, `weeks` of them. */
export function calendarWeeks(days: StreakDay[], today: string, weeks: number): CalendarCell[][] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const todayTime = toTime(today);
  const weekday = (new Date(todayTime).getUTCDay() + 6) % 7; // Monday 0 ... Sunday 6
  const firstMonday = todayTime - (weekday + 7 * (weeks - 1)) * DAY_MS;
  return Array.from({ length: weeks }, (_, week) =>
    Array.from({ length: 7 }, (_, offset) => {
      const time = firstMonday + (week * 7 + offset) * DAY_MS;
      const day = toDay(time);
      const record = byDay.get(day);
      return {
        day,
        xp: record?.xp ?? 0,
        goalMet: record?.goal_met ?? false,
        frozen: record?.frozen ?? false,
        future: time > todayTime,
      };
    }),
  );
}

/** How many days back the calendar asks for: every day of its weeks up to today. */
export function calendarSpan(today: string, weeks: number): number {
  const weekday = (new Date(toTime(today)).getUTCDay() + 6) % 7;
  return weekday + 1 + 7 * (weeks - 1);
}

/** Shade 0 (no XP) to 4 (goal met), for the square's colour. */
export function intensity(cell: CalendarCell, goal: number): 0 | 1 | 2 | 3 | 4 {
  if (cell.xp <= 0) return 0;
  if (cell.goalMet || cell.xp >= goal) return 4;
  if (cell.xp >= goal * 0.66) return 3;
  if (cell.xp >= goal * 0.33) return 2;
  return 1;
}

const WEEKDAY = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });

/** What a screen reader says of a square. */
export function describeCell(cell: CalendarCell): string {
  const when = WEEKDAY.format(new Date(toTime(cell.day)));
  if (cell.frozen) return `${when}: missed, kept by a streak freeze`;
  if (cell.xp <= 0) return `${when}: no XP`;
  return `${when}: ${cell.xp} XP${cell.goalMet ? ", daily goal met" : ""}`;
}
