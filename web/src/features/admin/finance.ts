/** The finance dashboard's arithmetic: report periods (whole UTC months, as the server counts them), chart scales and dispute refunds. */

/** The server's limit on a report's length. */
export const MAX_MONTHS = 36;
/** What the report covers when nobody chose: the twelve months up to this one (the server's default too). */
export const DEFAULT_MONTHS = 12;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface Period {
  from: string;
  to: string;
}

export function isMonth(value: string | null | undefined): value is string {
  return MONTH.test(value ?? "");
}

/** "2026-12" for an instant, in UTC: the months the books are kept in. */
export function monthOf(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

function index(month: string): number {
  const [, year, number] = MONTH.exec(month) ?? [];
  return Number(year) * 12 + Number(number) - 1;
}

/** The month `delta` months after `month` (before, when negative). */
export function shiftMonth(month: string, delta: number): string {
  const value = index(month) + delta;
  return `${String(Math.floor(value / 12)).padStart(4, "0")}-${String((value % 12) + 1).padStart(2, "0")}`;
}

/** How many months `from` to `to` covers, both included. */
export function monthCount(period: Period): number {
  return index(period.to) - index(period.from) + 1;
}

export function defaultPeriod(now: Date = new Date()): Period {
  const to = monthOf(now);
  return { from: shiftMonth(to, -(DEFAULT_MONTHS - 1)), to };
}

/** The period in the address (`?from=&to=`), or the default one when it names none or a broken one. */
export function periodFrom(params: URLSearchParams, now: Date = new Date()): Period {
  const from = params.get("from");
  const to = params.get("to");
  if (isMonth(from) && isMonth(to)) {
    const problems = periodProblems({ from, to });
    if (!problems.from && !problems.to) return { from, to };
  }
  return defaultPeriod(now);
}

/** What is wrong with a period someone picked, per field (the server refuses the same). */
export function periodProblems(period: Period): { from?: string; to?: string } {
  const problems: { from?: string; to?: string } = {};
  if (!isMonth(period.from)) problems.from = "Choose the first month.";
  if (!isMonth(period.to)) problems.to = "Choose the last month.";
  if (problems.from || problems.to) return problems;
  const months = monthCount(period);
  if (months < 1) problems.to = "The last month can't come before the first.";
  else if (months > MAX_MONTHS) problems.to = `Choose at most ${MAX_MONTHS} months.`;
  return problems;
}

export interface PeriodPreset {
  label: string;
  period: Period;
}

export function periodPresets(now: Date = new Date()): PeriodPreset[] {
  const current = monthOf(now);
  const year = current.slice(0, 4);
  const lastYear = String(Number(year) - 1).padStart(4, "0");
  return [
    { label: "Last 3 months", period: { from: shiftMonth(current, -2), to: current } },
    { label: "Last 12 months", period: defaultPeriod(now) },
    { label: "This year", period: { from: `${year}-01`, to: current } },
    { label: "Last year", period: { from: `${lastYear}-01`, to: `${lastYear}-12` } },
  ];
}

/** "Mar 2026" (or "March 2026" with `long`). */
export function monthLabel(month: string, long = false): string {
  const [year, number] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year ?? 1970, (number ?? 1) - 1, 1));
  return new Intl.DateTimeFormat(undefined, { month: long ? "long" : "short", year: "numeric", timeZone: "UTC" }).format(date);
}

/** A round top for a bar chart's axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(values: number[]): number {
  const largest = Math.max(0, ...values);
  if (largest === 0) return 1;
  const power = 10 ** Math.floor(Math.log10(largest));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= largest) ?? 10;
  return step * power;
}

/** What a settlement refunds, as the server computes it: everything when the mentor was absent, else the share (rounded down). */
export function settlementRefund(paid: number, mentorAbsent: boolean, percent: number): number {
  return mentorAbsent ? paid : Math.floor((paid * percent) / 100);
}

/** Why a typed refund percentage can't be used, or null when it can. */
export function refundPercentProblem(text: string): string | null {
  const value = text.trim();
  if (!value) return "Enter the share to refund, from 0 to 100.";
  if (!/^\d{1,3}$/.test(value) || Number(value) > 100) return "Use a whole number from 0 to 100.";
  return null;
}
