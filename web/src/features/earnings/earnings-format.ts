import type { BadgeTone } from "../../components/ui/Badge";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-03" when it is a month the report knows, else null. */
export function parseMonth(value: string | null | undefined): string | null {
  return value && MONTH.test(value) ? value : null;
}

/** The month (YYYY-MM) an instant falls in, in UTC: the report's months are UTC months. */
export function monthOf(now: Date = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** `month` moved by `delta` months: ("2026-01", -1) -> "2025-12". */
export function shiftMonth(month: string, delta: number): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const index = year * 12 + (number - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** The months to choose from, newest first: `count` months back from `current`, and `chosen` if older. */
export function monthChoices(current: string, count = 24, chosen?: string | null): string[] {
  const months = Array.from({ length: count }, (_, index) => shiftMonth(current, -index));
  if (chosen && !months.includes(chosen)) months.push(chosen);
  return months.sort().reverse();
}

/** "March 2026". */
export function monthLabel(month: string): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(year, number - 1, 1));
  return new Intl.DateTimeFormat(undefined, { month: "long", year: "numeric", timeZone: "UTC" }).format(date);
}

/** Where a session's money stands for the mentor (the API's `share`). */
export const SHARE_LABELS: Record<string, string> = {
  pending: "Pending",
  available: "Available",
  none: "Nothing due",
};

export const SHARE_TONES: Record<string, BadgeTone> = {
  pending: "warning",
  available: "success",
  none: "neutral",
};
