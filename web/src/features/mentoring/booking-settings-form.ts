/**
 * The booking settings form: the rules that live with the availability (lengths, notice, horizon,
 * break) and the booking terms (daily limit, cancellation, trial lesson), edited together and
 * saved to whichever of the two changed. Field names are the API's, so a problem the server
 * names lands on its control.
 */
import type { BookingTerms } from "../../api/bookings";
import { ApiError } from "../../api/errors";
import type { Availability, AvailabilityIn } from "../../api/types";
import { errorMessage } from "../../lib/error-messages";
import { formatMoney } from "../../lib/money";
import { policyText, sessionPrice } from "../bookings/booking-format";

/** The lengths offered as toggles; a length set elsewhere (on the availability page) joins them. */
export const LENGTH_CHOICES = [30, 60, 90] as const;
/** The trial lengths the server accepts. */
export const TRIAL_LENGTHS = [15, 30, 45, 60] as const;

export const LIMITS = {
  noticeHours: 336, // the server's 20,160 minutes
  horizonDays: 180,
  bufferMinutes: 120,
  maxPerDay: 24,
  freeUntilHours: 336,
} as const;

export const SETTINGS_FIELDS = [
  "session_lengths",
  "min_notice_minutes",
  "horizon_days",
  "buffer_minutes",
  "max_sessions_per_day",
  "free_until_hours",
  "late_refund_percent",
  "trial_minutes",
  "trial_price_percent",
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

export interface SettingsDraft {
  sessionLengths: number[];
  noticeHours: string;
  horizonDays: string;
  bufferMinutes: string;
  maxPerDay: string;
  freeUntilHours: string;
  lateRefundPercent: string;
  trial: boolean;
  trialMinutes: number;
  trialPricePercent: string;
}

export function draftFrom(availability: Availability, terms: BookingTerms): SettingsDraft {
  return {
    sessionLengths: [...availability.session_lengths].sort((a, b) => a - b),
    // Hours with at most two decimals: what the field accepts back.
    noticeHours: String(Math.round((availability.min_notice_minutes / 60) * 100) / 100),
    horizonDays: String(availability.horizon_days),
    bufferMinutes: String(availability.buffer_minutes),
    maxPerDay: String(terms.max_sessions_per_day),
    freeUntilHours: String(terms.free_until_hours),
    lateRefundPercent: String(terms.late_refund_percent),
    trial: terms.trial_minutes != null,
    trialMinutes: terms.trial_minutes ?? 30,
    trialPricePercent: String(terms.trial_price_percent ?? 50),
  };
}

/** A whole number typed in a field, or null when it isn't one. */
function whole(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function wholeIn(text: string, low: number, high: number): number | null {
  const value = whole(text);
  return value !== null && value >= low && value <= high ? value : null;
}

/** Hours typed for the notice ("12", "1.5", "0,25") as minutes, or null. */
function noticeMinutes(text: string): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const minutes = Math.round(Number(cleaned) * 60);
  return minutes <= LIMITS.noticeHours * 60 ? minutes : null;
}

/** What to do about each field, in the form's own units (the server counts notice in minutes). */
export const FIELD_MESSAGES: Record<SettingsField, string> = {
  session_lengths: "Offer at least one session length.",
  min_notice_minutes: `Enter 0 to ${LIMITS.noticeHours} hours.`,
  horizon_days: `Enter a whole number of days from 1 to ${LIMITS.horizonDays}.`,
  buffer_minutes: `Enter a whole number of minutes from 0 to ${LIMITS.bufferMinutes}.`,
  max_sessions_per_day: `Enter 1 to ${LIMITS.maxPerDay} sessions.`,
  free_until_hours: `Enter a whole number of hours from 0 to ${LIMITS.freeUntilHours}.`,
  late_refund_percent: "Enter a percentage from 0 to 100.",
  trial_minutes: `Choose ${TRIAL_LENGTHS.join(", ")} minutes.`,
  trial_price_percent: "Enter a percentage from 0 to 100.",
};

export type SettingsErrors = Partial<Record<SettingsField, string>>;

/** Every problem the server would find, per field, before anything is sent. */
export function settingsProblems(draft: SettingsDraft): SettingsErrors {
  const problems: SettingsErrors = {};
  const flag = (field: SettingsField, bad: boolean) => {
    if (bad) problems[field] = FIELD_MESSAGES[field];
  };
  flag("session_lengths", draft.sessionLengths.length === 0);
  flag("min_notice_minutes", noticeMinutes(draft.noticeHours) === null);
  flag("horizon_days", wholeIn(draft.horizonDays, 1, LIMITS.horizonDays) === null);
  flag("buffer_minutes", wholeIn(draft.bufferMinutes, 0, LIMITS.bufferMinutes) === null);
  flag("max_sessions_per_day", wholeIn(draft.maxPerDay, 1, LIMITS.maxPerDay) === null);
  flag("free_until_hours", wholeIn(draft.freeUntilHours, 0, LIMITS.freeUntilHours) === null);
  flag("late_refund_percent", wholeIn(draft.lateRefundPercent, 0, 100) === null);
  flag("trial_price_percent", draft.trial && wholeIn(draft.trialPricePercent, 0, 100) === null);
  return problems;
}

/**
 * A failed save as messages on the form's fields (the server names them `session_lengths[1]`,
 * `free_until_hours`, ...) and one message for whatever no field shows.
 */
export function settingsErrorsFrom(error: unknown): { fields: SettingsErrors; form: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const fields: SettingsErrors = {};
  let unplaced = false;
  for (const [key, message] of Object.entries(error.fields)) {
    const name = key.replace(/\[\d+\]$/, "");
    if (!(SETTINGS_FIELDS as readonly string[]).includes(name)) {
      unplaced = true;
      continue;
    }
    const field = name as SettingsField;
    if (field === "session_lengths" && key !== name) {
      fields[field] ??= message === "Already offered." ? "Each length can be offered once." : "Offer 15 to 240 minutes, in steps of 15.";
    } else {
      fields[field] ??= FIELD_MESSAGES[field];
    }
  }
  const placed = Object.keys(fields).length > 0;
  return { fields, form: placed && !unplaced ? null : errorMessage(error) };
}

/** The booking terms of a valid draft, as the API takes them. */
export function termsPayload(draft: SettingsDraft): BookingTerms {
  return {
    max_sessions_per_day: whole(draft.maxPerDay) ?? 0,
    free_until_hours: whole(draft.freeUntilHours) ?? 0,
    late_refund_percent: whole(draft.lateRefundPercent) ?? 0,
    trial_minutes: draft.trial ? draft.trialMinutes : null,
    // Kept when the trial is off, so turning it on again brings back the same price.
    trial_price_percent: whole(draft.trialPricePercent) ?? 50,
  };
}

/**
 * The whole availability with the draft's rules, as the API replaces it: the weekly hours and
 * date exceptions are sent back as they were read, under the version they were read at.
 */
export function availabilityPayload(draft: SettingsDraft, availability: Availability): AvailabilityIn {
  return {
    version: availability.version,
    timezone: availability.timezone,
    session_lengths: [...draft.sessionLengths].sort((a, b) => a - b),
    min_notice_minutes: noticeMinutes(draft.noticeHours) ?? 0,
    horizon_days: whole(draft.horizonDays) ?? 0,
    buffer_minutes: whole(draft.bufferMinutes) ?? 0,
    weekly: availability.weekly,
    overrides: availability.overrides,
  };
}

/** Whether the availability rules of `body` differ from what is stored. */
export function rulesChanged(body: AvailabilityIn, availability: Availability): boolean {
  return (
    body.session_lengths.join() !== [...availability.session_lengths].sort((a, b) => a - b).join() ||
    body.min_notice_minutes !== availability.min_notice_minutes ||
    body.horizon_days !== availability.horizon_days ||
    body.buffer_minutes !== availability.buffer_minutes
  );
}

export function termsChanged(body: BookingTerms, terms: BookingTerms): boolean {
  return (
    body.max_sessions_per_day !== terms.max_sessions_per_day ||
    body.free_until_hours !== terms.free_until_hours ||
    body.late_refund_percent !== terms.late_refund_percent ||
    (body.trial_minutes ?? null) !== (terms.trial_minutes ?? null) ||
    (body.trial_minutes != null && body.trial_price_percent !== terms.trial_price_percent)
  );
}

function hours(value: number): string {
  if (value % 24 === 0 && value >= 48) return `${value / 24} days`;
  return value === 1 ? "1 hour" : `${value} hours`;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}`;
}

/**
 * The terms as a student reads them before booking, one sentence each. Fields that aren't valid
 * yet are left out rather than shown wrong.
 */
export function settingsPreview(draft: SettingsDraft, rate: { hourlyRate: number | null; currency: string }): string[] {
  const lines: string[] = [];
  if (draft.sessionLengths.length) lines.push(`Sessions of ${listWords(draft.sessionLengths.map((minutes) => `${minutes}`))} minutes.`);
  const notice = noticeMinutes(draft.noticeHours);
  const horizon = wholeIn(draft.horizonDays, 1, LIMITS.horizonDays);
  if (notice !== null && horizon !== null) {
    const ahead = notice === 0 ? "any time from now" : notice % 60 === 0 ? `at least ${hours(notice / 60)} ahead` : `at least ${notice} minutes ahead`;
    lines.push(`Book ${ahead}, up to ${horizon === 1 ? "1 day" : `${horizon} days`} in advance.`);
  }
  const perDay = wholeIn(draft.maxPerDay, 1, LIMITS.maxPerDay);
  if (perDay !== null) lines.push(`At most ${perDay === 1 ? "1 session" : `${perDay} sessions`} a day with you.`);
  const free = wholeIn(draft.freeUntilHours, 0, LIMITS.freeUntilHours);
  const late = wholeIn(draft.lateRefundPercent, 0, 100);
  if (free !== null && late !== null) lines.push(`${policyText({ free_until_hours: free, late_refund_percent: late })}.`);
  lines.push("If you cancel, the student gets everything back.");
  if (draft.trial) {
    const percent = wholeIn(draft.trialPricePercent, 0, 100);
    if (percent !== null) {
      const price =
        rate.hourlyRate == null
          ? `${percent} % of your hourly rate`
          : percent === 0
            ? "free"
            : `${formatMoney(sessionPrice(rate.hourlyRate, draft.trialMinutes, percent), rate.currency)}`;
      lines.push(`First lesson with you: ${draft.trialMinutes} minutes for ${price}, once per student.`);
    }
  } else {
    lines.push("No trial lesson.");
  }
  return lines;
}
