/**
 * The availability editor's draft and its round trip to the API. The API takes the whole
 * document as flat lists and names problems by position (`weekly[2].end`,
 * `overrides[0].windows[1]`); the editor shows rows per weekday and per date. `toPayload`
 * remembers which row became which list position, so every problem lands on its own row.
 */
import type { Availability, AvailabilityIn } from "../../api/types";
import { clockMinutes, isIsoDate } from "../../lib/datetime";

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export interface WindowRow {
  key: string;
  start: string;
  end: string;
}

export interface OverrideRow {
  key: string;
  day: string;
  /** "off": no hours that day; "custom": these hours instead of the weekly ones. */
  mode: "off" | "custom";
  windows: WindowRow[];
}

export interface AvailabilityDraft {
  timezone: string;
  sessionLengths: number[];
  bufferMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  /** Index 0 = Monday .. 6 = Sunday. */
  weekly: WindowRow[][];
  overrides: OverrideRow[];
}

export type RuleField = "timezone" | "session_lengths" | "buffer_minutes" | "min_notice_minutes" | "horizon_days";

export interface WindowErrors {
  start?: string;
  end?: string;
  /** About the window as a whole (it overlaps another one). */
  row?: string;
}

export interface DraftErrors {
  rules: Partial<Record<RuleField, string>>;
  /** By row key (weekly and override windows alike). */
  windows: Record<string, WindowErrors>;
  /** By override row key: problems with the date itself. */
  days: Record<string, string>;
  /** Problems no row or field shows. */
  general: string[];
}

export interface PayloadLayout {
  /** Row key of each `weekly[i]`. */
  weekly: string[];
  /** Row key of each `overrides[i]` and of its `windows[j]`. */
  overrides: Array<{ key: string; windows: string[] }>;
}

let counter = 0;
export function newKey(prefix = "row"): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function draftFromAvailability(availability: Availability): AvailabilityDraft {
  const weekly: WindowRow[][] = WEEKDAYS.map(() => []);
  for (const window of availability.weekly) {
    weekly[window.weekday]?.push({ key: newKey("w"), start: window.start, end: window.end });
  }
  return {
    timezone: availability.timezone,
    sessionLengths: [...availability.session_lengths].sort((a, b) => a - b),
    bufferMinutes: availability.buffer_minutes,
    minNoticeMinutes: availability.min_notice_minutes,
    horizonDays: availability.horizon_days,
    weekly,
    overrides: [...availability.overrides]
      .sort((a, b) => a.day.localeCompare(b.day))
      .map((override) => ({
        key: newKey("o"),
        day: override.day,
        mode: override.windows?.length ? "custom" : "off",
        windows: (override.windows ?? []).map((window) => ({ key: newKey("w"), start: window.start, end: window.end })),
      })),
  };
}

export function toPayload(draft: AvailabilityDraft, version: number): { body: AvailabilityIn; layout: PayloadLayout } {
  const layout: PayloadLayout = { weekly: [], overrides: [] };
  const weekly: AvailabilityIn["weekly"] = [];
  draft.weekly.forEach((rows, weekday) => {
    for (const row of rows) {
      weekly.push({ weekday, start: row.start, end: row.end });
      layout.weekly.push(row.key);
    }
  });
  const overrides: AvailabilityIn["overrides"] = draft.overrides.map((override) => {
    const windows = override.mode === "custom" ? override.windows : [];
    layout.overrides.push({ key: override.key, windows: windows.map((window) => window.key) });
    return { day: override.day, windows: windows.map((window) => ({ start: window.start, end: window.end })) };
  });
  return {
    body: {
      version,
      timezone: draft.timezone,
      session_lengths: [...draft.sessionLengths].sort((a, b) => a - b),
      buffer_minutes: draft.bufferMinutes,
      min_notice_minutes: draft.minNoticeMinutes,
      horizon_days: draft.horizonDays,
      weekly,
      overrides,
    },
    layout,
  };
}

const RULE_FIELDS: readonly RuleField[] = ["timezone", "session_lengths", "buffer_minutes", "min_notice_minutes", "horizon_days"];

const WINDOW_MESSAGES: Record<string, string> = {
  overlapping_availability_windows: "Overlaps other hours on the same day.",
  too_many_availability_windows: "That's more than 20 windows on one day.",
};

function windowMessage(code: string, bound: "start" | "end" | "row", serverMessage: string): string {
  if (WINDOW_MESSAGES[code]) return WINDOW_MESSAGES[code];
  if (bound === "end") return "Must end after it starts (00:00 means midnight).";
  if (bound === "start") return serverMessage || "Enter a start time.";
  return serverMessage || "Check these hours.";
}

function ruleMessage(field: RuleField, serverMessage: string): string {
  if (field === "timezone") return "Choose a time zone from the list.";
  if (field === "session_lengths") {
    return serverMessage === "Already offered." ? "Each length can be offered once." : "Offer 15 to 240 minutes, in steps of 15.";
  }
  return serverMessage || "This value is out of range.";
}

const WEEKLY = /^weekly\[(\d+)\](?:\.(start|end|weekday))?$/;
const OVERRIDE_WINDOW = /^overrides\[(\d+)\]\.windows\[(\d+)\](?:\.(start|end))?$/;
const OVERRIDE = /^overrides\[(\d+)\](?:\.(day|windows))?$/;
const RULE = /^([a-z_]+)(?:\[\d+\])?$/;

/**
 * Puts each of the API's `details.fields` problems (or the same shape from the local check) on
 * the row or control it is about. `code` is the error code, which says what kind of problem it is.
 */
export function mapAvailabilityErrors(fields: Record<string, string>, layout: PayloadLayout, code = "invalid_availability_window"): DraftErrors {
  const errors: DraftErrors = { rules: {}, windows: {}, days: {}, general: [] };
  const onWindow = (key: string | undefined, bound: "start" | "end" | "row", message: string): boolean => {
    if (!key) return false;
    const current = errors.windows[key] ?? {};
    if (!current[bound]) current[bound] = windowMessage(code, bound, message);
    errors.windows[key] = current;
    return true;
  };
  for (const [field, message] of Object.entries(fields)) {
    let match = WEEKLY.exec(field);
    if (match) {
      const bound = match[2] === "start" || match[2] === "end" ? match[2] : "row";
      if (onWindow(layout.weekly[Number(match[1])], bound, message)) continue;
    }
    match = OVERRIDE_WINDOW.exec(field);
    if (match) {
      const override = layout.overrides[Number(match[1])];
      const bound = match[3] === "start" || match[3] === "end" ? match[3] : "row";
      if (onWindow(override?.windows[Number(match[2])], bound, message)) continue;
    }
    match = OVERRIDE.exec(field);
    if (match) {
      const override = layout.overrides[Number(match[1])];
      if (override) {
        errors.days[override.key] =
          code === "invalid_availability_override" && message.startsWith("Duplicates")
            ? "Another exception already covers this date."
            : match[2] === "day"
              ? "Choose a valid date."
              : windowMessage(code, "row", message);
        continue;
      }
    }
    match = RULE.exec(field);
    const rule = match?.[1] as RuleField | undefined;
    if (rule && RULE_FIELDS.includes(rule)) {
      errors.rules[rule] ??= ruleMessage(rule, message);
      continue;
    }
    errors.general.push(message);
  }
  return errors;
}

export function hasErrors(errors: DraftErrors): boolean {
  return (
    Object.keys(errors.rules).length > 0 ||
    Object.keys(errors.windows).length > 0 ||
    Object.keys(errors.days).length > 0 ||
    errors.general.length > 0
  );
}

interface Problems {
  code: string;
  fields: Record<string, string>;
}

/**
 * The server's checks, run before saving so mistakes show at once: every window ends after it
 * starts, windows on one day don't overlap, a date has one exception, at least one session
 * length. Keys and codes are the API's, so one mapper handles both.
 */
export function localProblems(body: AvailabilityIn): Problems | null {
  const shape: Record<string, string> = {};
  (body.weekly ?? []).forEach((window, index) => {
    if (clockMinutes(window.end, true) <= clockMinutes(window.start)) shape[`weekly[${index}].end`] = "end";
  });
  (body.overrides ?? []).forEach((override, index) => {
    if (!isIsoDate(override.day)) shape[`overrides[${index}].day`] = "day";
    (override.windows ?? []).forEach((window, position) => {
      if (clockMinutes(window.end, true) <= clockMinutes(window.start)) shape[`overrides[${index}].windows[${position}].end`] = "end";
    });
  });
  if (Object.keys(shape).length) return { code: "invalid_availability_window", fields: shape };

  const seen = new Map<string, number>();
  const duplicates: Record<string, string> = {};
  (body.overrides ?? []).forEach((override, index) => {
    const first = seen.get(override.day);
    if (first !== undefined) duplicates[`overrides[${index}].day`] = `Duplicates overrides[${first}].`;
    else seen.set(override.day, index);
  });
  if (Object.keys(duplicates).length) return { code: "invalid_availability_override", fields: duplicates };

  const days: Array<Array<{ key: string; start: number; end: number }>> = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    days.push(
      (body.weekly ?? [])
        .map((window, index) => ({ window, index }))
        .filter(({ window }) => window.weekday === weekday)
        .map(({ window, index }) => ({ key: `weekly[${index}]`, start: clockMinutes(window.start), end: clockMinutes(window.end, true) })),
    );
  }
  (body.overrides ?? []).forEach((override, index) =>
    days.push(
      (override.windows ?? []).map((window, position) => ({
        key: `overrides[${index}].windows[${position}]`,
        start: clockMinutes(window.start),
        end: clockMinutes(window.end, true),
      })),
    ),
  );
  const overlaps: Record<string, string> = {};
  for (const windows of days) {
    let reach = -1;
    for (const window of [...windows].sort((a, b) => a.start - b.start || a.end - b.end)) {
      if (window.start < reach) overlaps[window.key] = "overlap";
      reach = Math.max(reach, window.end);
    }
  }
  if (Object.keys(overlaps).length) return { code: "overlapping_availability_windows", fields: overlaps };

  if (body.session_lengths.length === 0) return { code: "invalid_session_length", fields: { session_lengths: "Offer at least one session length." } };
  return null;
}

/**
 * Hours for a new window: 09:00–17:00 on an empty day, else the hour after the last window (or
 * the hour before the first, when the day is used up to midnight).
 */
export function nextWindow(rows: readonly WindowRow[]): WindowRow {
  const clock = (minutes: number) =>
    minutes >= 24 * 60 ? "00:00" : `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  if (rows.length === 0) return { key: newKey("w"), start: "09:00", end: "17:00" };
  const end = Math.max(...rows.map((row) => clockMinutes(row.end, true)));
  if (end < 24 * 60) return { key: newKey("w"), start: clock(end), end: clock(Math.min(end + 60, 24 * 60)) };
  const first = Math.min(...rows.map((row) => clockMinutes(row.start)));
  if (first >= 60) return { key: newKey("w"), start: clock(first - 60), end: clock(first) };
  return { key: newKey("w"), start: "09:00", end: "17:00" };
}

/** Total bookable hours in a week's windows, for the summary line. */
export function weeklyHours(draft: AvailabilityDraft): number {
  let minutes = 0;
  for (const rows of draft.weekly) {
    for (const row of rows) {
      const span = clockMinutes(row.end, true) - clockMinutes(row.start);
      if (span > 0) minutes += span;
    }
  }
  return minutes / 60;
}

/**
 * The draft with `from`'s weekly hours on each weekday of `to` as well, replacing what those
 * days had (fresh row keys, so each copy is edited on its own). `from` itself is left alone.
 */
export function copyHours(draft: AvailabilityDraft, from: number, to: readonly number[]): AvailabilityDraft {
  const source = draft.weekly[from] ?? [];
  const targets = new Set(to.filter((weekday) => weekday !== from));
  return {
    ...draft,
    weekly: draft.weekly.map((rows, weekday) =>
      targets.has(weekday) ? source.map((row) => ({ key: newKey("w"), start: row.start, end: row.end })) : rows,
    ),
  };
}
